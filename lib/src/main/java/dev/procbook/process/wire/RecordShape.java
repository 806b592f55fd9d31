package dev.procbook.process.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;

/**
 * How a small record travels without an object stream: its components in order, each a primitive or a string.
 *
 * <p>This is what Java serialization sends for a record (its components, read back through the canonical
 * constructor), without the class descriptor that every reset of a stream repeats and that costs more to read
 * than the record; with or without {@code implements Serializable}, as {@link RecordForm} says. Records that
 * customize their serialized form ({@code writeReplace}, {@code readResolve}) or hold other components are left to
 * Java serialization.
 */
final class RecordShape {

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return of(type);
        }
    };
    private static final RecordShape NONE = new RecordShape(new Class<?>[0], new MethodHandle[0], null);

    private final Class<?>[] types;
    private final MethodHandle[] accessors;
    private final MethodHandle constructor;

    private RecordShape(Class<?>[] types, MethodHandle[] accessors, MethodHandle constructor) {
        this.types = types;
        this.accessors = accessors;
        this.constructor = constructor;
    }

    /** The shape of {@code type}, or null if it does not travel this way. */
    static RecordShape of(Object value) {
        RecordShape s = SHAPES.get(value.getClass());
        return s == NONE ? null : s;
    }

    /** The shape of {@code type}, or null if it does not travel this way. */
    static RecordShape forClass(Class<?> type) {
        RecordShape s = SHAPES.get(type);
        return s == NONE ? null : s;
    }

    private static RecordShape of(Class<?> type) {
        if (!type.isRecord() || declares(type, "writeReplace") || declares(type, "readResolve")) {
            return NONE;
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        MethodHandle[] accessors = new MethodHandle[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                if (!types[i].isPrimitive() && types[i] != String.class) {
                    return NONE;
                }
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                accessors[i] = MethodHandles.lookup().unreflect(accessor);
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            MethodHandle ctor = MethodHandles.lookup().unreflectConstructor(canonical)
                    .asSpreader(Object[].class, types.length);
            return new RecordShape(types, accessors, ctor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return NONE; // not accessible here (a module that does not open it): Java serialization handles it
        }
    }

    private static boolean declares(Class<?> type, String method) {
        try {
            type.getDeclaredMethod(method);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    void write(Object value, DataOutputStream out) throws IOException {
        try {
            for (int i = 0; i < types.length; i++) {
                Object v = accessors[i].invoke(value);
                Class<?> t = types[i];
                if (t == int.class) {
                    out.writeInt((Integer) v);
                } else if (t == long.class) {
                    out.writeLong((Long) v);
                } else if (t == double.class) {
                    out.writeDouble((Double) v);
                } else if (t == String.class) {
                    writeString((String) v, out);
                } else if (t == boolean.class) {
                    out.writeBoolean((Boolean) v);
                } else if (t == float.class) {
                    out.writeFloat((Float) v);
                } else if (t == short.class) {
                    out.writeShort((Short) v);
                } else if (t == byte.class) {
                    out.writeByte((Byte) v);
                } else {
                    out.writeChar((Character) v);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("record accessor failed: class=" + value.getClass().getName(), e);
        }
    }

    Object read(DataInputStream in) throws IOException {
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == int.class) {
                args[i] = in.readInt();
            } else if (t == long.class) {
                args[i] = in.readLong();
            } else if (t == double.class) {
                args[i] = in.readDouble();
            } else if (t == String.class) {
                args[i] = readString(in);
            } else if (t == boolean.class) {
                args[i] = in.readBoolean();
            } else if (t == float.class) {
                args[i] = in.readFloat();
            } else if (t == short.class) {
                args[i] = in.readShort();
            } else if (t == byte.class) {
                args[i] = in.readByte();
            } else {
                args[i] = in.readChar();
            }
        }
        try {
            return constructor.invoke(args);
        } catch (RuntimeException | Error e) {
            throw e; // the canonical constructor refused the values, as it would under Java serialization
        } catch (Throwable e) {
            throw new UndecodableObjectException(constructor.type().returnType().getName(),
                    "record constructor failed: " + e, e);
        }
    }

    private static void writeString(String s, DataOutputStream out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] utf8 = new byte[n];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
