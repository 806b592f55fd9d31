package dev.procbook.process.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns objects into bytes and back: {@code byte[]} and {@link String} travel as they are, anything else by Java
 * serialization; classes are resolved through {@link UserClassLoaders}, so notebook classes deserialize in a
 * worker (fetched from the parent) and results of notebook classes deserialize in the parent.
 */
public final class Codec {

    private static final byte NULL = 0;
    private static final byte BYTES = 1;
    private static final byte STRING = 2;
    private static final byte JAVA = 3;
    /**
     * Java serialization without the stream header, starting with a reset, class descriptors reduced to names;
     * see {@link ObjectEncoder}.
     */
    static final byte JAVA_STREAM = 4;
    /** A record of primitives and strings, written as its class name and components; see {@link RecordShape}. */
    static final byte RECORD = 5;
    /** Top-level values (see {@link TopLevelValues}), their length first, then the encoding of what reads them. */
    static final byte VALUES = 6;
    /** What {@link ObjectOutputStream}'s constructor writes first, and {@link #JAVA_STREAM} leaves out. */
    static final byte[] STREAM_HEADER = {(byte) 0xac, (byte) 0xed, 0x00, 0x05};

    /** Set while an encoding is made only to find the cell code it carries, and then thrown away. */
    private static final ThreadLocal<Boolean> WALK_ONLY = new ThreadLocal<>();

    private Codec() {
    }

    /**
     * Whether the encoding under way on this thread is made only to find the cell code it carries and will be thrown
     * away: an object whose serialization has an effect elsewhere (a manager proxy takes a reference for its copy in
     * flight) leaves that effect out.
     */
    public static boolean isWalkOnly() {
        return WALK_ONLY.get() != null;
    }

    /** Encodes {@code value} only to note in {@code roots} the cell code it carries; see {@link #isWalkOnly()}. */
    static void walk(Object value, CellCode.Roots roots) {
        WALK_ONLY.set(Boolean.TRUE);
        try {
            encodeBody(value, roots);
        } finally {
            WALK_ONLY.remove();
        }
    }

    /**
     * Encodes {@code value}, with the values of the top-level variables its cell code reads (see
     * {@link TopLevelValues}): the receiver sets them before the code can run.
     *
     * @throws NotSerializableObjectException if {@code value} or an object it refers to is not serializable
     * @throws TopLevelValueException         if a top-level variable its cell code reads cannot be serialized
     */
    public static byte[] encode(Object value) {
        return encode(value, TopLevelValues.NONE);
    }

    /**
     * Encodes {@code value} as {@link #encode(Object)} does, leaving out the top-level values in {@code sent}, which
     * the receiver has been sent apart (a pool sends them to each worker once per call, not with every chunk).
     *
     * @throws NotSerializableObjectException if {@code value} or an object it refers to is not serializable
     * @throws TopLevelValueException         if a top-level variable its cell code reads cannot be serialized
     */
    public static byte[] encode(Object value, TopLevelValues sent) {
        if (isPlain(value)) {
            return encodeBody(value, null);
        }
        UserClassLoaders.register(value.getClass().getClassLoader());
        CellCode.Roots roots = new CellCode.Roots();
        byte[] body = encodeBody(value, roots);
        return withValues(roots, sent, body);
    }

    /** {@code body} preceded by the values of what {@code roots} read, other than those in {@code sent}. */
    static byte[] withValues(CellCode.Roots roots, TopLevelValues sent, byte[] body) {
        if (roots.isEmpty()) {
            return body;
        }
        TopLevelValues values = TopLevelValues.capture(roots.fields(), sent.fields());
        if (values.isEmpty()) {
            return body;
        }
        byte[] v = values.encoded();
        byte[] out = new byte[5 + v.length + body.length];
        out[0] = VALUES;
        java.nio.ByteBuffer.wrap(out, 1, 4).putInt(v.length);
        System.arraycopy(v, 0, out, 5, v.length);
        System.arraycopy(body, 0, out, 5 + v.length, body.length);
        return out;
    }

    /** Encodes {@code value} alone, noting in {@code roots} (if not null) the cell code it carries. */
    static byte[] encodeBody(Object value, CellCode.Roots roots) {
        if (value == null) {
            return new byte[] {NULL};
        }
        if (value instanceof byte[] b) {
            byte[] out = new byte[b.length + 1];
            out[0] = BYTES;
            System.arraycopy(b, 0, out, 1, b.length);
            return out;
        }
        if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[utf8.length + 1];
            out[0] = STRING;
            System.arraycopy(utf8, 0, out, 1, utf8.length);
            return out;
        }
        return serialize(value, roots);
    }

    private static byte[] serialize(Object value, CellCode.Roots roots) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(JAVA);
        try (CellObjectOutputStream out = new CellObjectOutputStream(bytes)) {
            out.noteInto(roots);
            out.writeObject(value);
        } catch (IOException e) {
            throw notSerializable(value, e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes what {@link #encode(Object)} made.
     *
     * @throws UndecodableObjectException if the bytes are corrupt or name a class no loader can find
     */
    public static Object decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Decodes {@code len} bytes of {@code data} from {@code off}; see {@link #decode(byte[])}. */
    public static Object decode(byte[] data, int off, int len) {
        if (len < 1) {
            throw new UndecodableObjectException(null, "empty encoding: length=" + len, null);
        }
        switch (data[off]) {
            case NULL:
                return null;
            case BYTES:
                return Arrays.copyOfRange(data, off + 1, off + len);
            case STRING:
                return new String(data, off + 1, len - 1, StandardCharsets.UTF_8);
            case JAVA:
                return deserialize(new ByteArrayInputStream(data, off + 1, len - 1), false);
            case JAVA_STREAM:
                return deserialize(new SequenceInputStream(new ByteArrayInputStream(STREAM_HEADER),
                        new ByteArrayInputStream(data, off + 1, len - 1)), true);
            case RECORD:
                return decodeRecord(data, off, len, new Resolver());
            case VALUES:
                int body = applyValues(data, off, len);
                return decode(data, off + body, len - body);
            default:
                throw new UndecodableObjectException(null, "unknown encoding: tag=" + data[off], null);
        }
    }

    private static Object deserialize(InputStream in, boolean namesOnly) {
        try (ObjectInputStream objects = new UserObjectInputStream(in, namesOnly, new Resolver())) {
            return objects.readObject();
        } catch (ClassNotFoundException | IOException e) {
            throw notDeserializable(e);
        }
    }

    /**
     * Sets the top-level values that a {@link #VALUES} encoding starts with and returns where the encoding of what
     * reads them starts, relative to {@code off}.
     */
    static int applyValues(byte[] data, int off, int len) {
        int size = len < 5 ? -1 : java.nio.ByteBuffer.wrap(data, off + 1, 4).getInt();
        if (size < 0 || size > len - 5) {
            throw new UndecodableObjectException(null, "corrupt encoding: values=" + size + ", length=" + len, null);
        }
        TopLevelValues.decode(data, off + 5, size).apply();
        return 5 + size;
    }

    /** Decodes a {@link #RECORD} encoding, resolving its class through {@code resolver}. */
    static Object decodeRecord(byte[] data, int off, int len, Resolver resolver) {
        try {
            java.io.DataInputStream in = new java.io.DataInputStream(new ByteArrayInputStream(data, off + 1, len - 1));
            Class<?> type = resolver.resolve(in.readUTF());
            RecordShape shape = RecordShape.forClass(type);
            if (shape == null) {
                throw new InvalidClassException(type.getName(), "not a record of primitives and strings here");
            }
            return shape.read(in);
        } catch (ClassNotFoundException | IOException e) {
            throw notDeserializable(e);
        }
    }

    static UndecodableObjectException notDeserializable(Exception e) {
        if (e instanceof ClassNotFoundException) {
            return new UndecodableObjectException(e.getMessage(), "class not found", e);
        }
        if (e instanceof InvalidClassException ice) {
            return new UndecodableObjectException(ice.classname, String.valueOf(e.getMessage()), e);
        }
        return new UndecodableObjectException(null, String.valueOf(e), e);
    }

    static RuntimeException notSerializable(Object value, IOException e) {
        if (e instanceof NotSerializableException) {
            return new NotSerializableObjectException(e.getMessage(), e);
        }
        if (e instanceof InvalidClassException ice) {
            return new NotSerializableObjectException(ice.classname, e);
        }
        return new UncheckedIOException("cannot serialize: class=" + value.getClass().getName(), e);
    }

    /** Whether {@link #encode(Object)} writes {@code value} as it is, without Java serialization. */
    static boolean isPlain(Object value) {
        return value == null || value instanceof byte[] || value instanceof String;
    }

    /**
     * Resolves classes through the user class loaders rather than the caller's loader; a long-lived stream
     * remembers what it resolved until the user loaders or the thread's context loader change.
     */
    static final class UserObjectInputStream extends ObjectInputStream {

        private final Resolver resolver;
        private final boolean namesOnly;

        UserObjectInputStream(InputStream in) throws IOException {
            this(in, false, new Resolver());
        }

        /** {@code namesOnly}: class descriptors are written as by {@link ObjectEncoder}, as their names alone. */
        UserObjectInputStream(InputStream in, boolean namesOnly, Resolver resolver) throws IOException {
            super(in);
            this.namesOnly = namesOnly;
            this.resolver = resolver;
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object obj) throws IOException {
            return obj instanceof RecordForm form ? form.rebuild(resolver) : obj;
        }

        @Override
        protected ObjectStreamClass readClassDescriptor() throws IOException, ClassNotFoundException {
            if (!namesOnly) {
                return super.readClassDescriptor();
            }
            String name = readUTF();
            return ObjectStreamClass.lookupAny(resolver.resolve(name));
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            return resolver.resolve(desc.getName());
        }
    }

    /**
     * Resolves class names through the user class loaders, remembering what it resolved until the user loaders or
     * the thread's context loader change; one per stream or decoder, not thread-safe.
     */
    static final class Resolver {

        private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class,
                "char", char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class,
                "double", double.class, "void", void.class);

        private final Map<String, Class<?>> resolved = new HashMap<>();
        private int loadersVersion;
        private ClassLoader context;

        Class<?> resolve(String name) throws ClassNotFoundException {
            ClassLoader current = Thread.currentThread().getContextClassLoader();
            int version = UserClassLoaders.version();
            if (version != loadersVersion || current != context) {
                resolved.clear();
                loadersVersion = version;
                context = current;
            }
            Class<?> c = resolved.get(name);
            if (c == null) {
                c = resolveUncached(name);
                resolved.put(name, c);
            }
            return c;
        }

        private static Class<?> resolveUncached(String name) throws ClassNotFoundException {
            try {
                return UserClassLoaders.resolve(name);
            } catch (ClassNotFoundException e) {
                Class<?> primitive = PRIMITIVES.get(name);
                if (primitive != null) {
                    return primitive;
                }
                throw e;
            }
        }
    }
}
