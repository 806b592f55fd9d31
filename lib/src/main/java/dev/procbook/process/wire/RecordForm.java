package dev.procbook.process.wire;

import java.io.Serializable;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;

/**
 * What a record that does not implement {@link Serializable} travels as: its class name and its components, each
 * serialized in turn (so records nested in records, lists and maps travel too), and read back through its canonical
 * constructor, as Java serialization does for a serializable record. A record is plain data: a notebook's records
 * reach workers without {@code implements Serializable}, as Python's dataclasses reach a pool.
 *
 * <p>A plain class rather than a record, for the reason given on {@code Task}.
 */
final class RecordForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return new Accessors(type);
        }
    };

    private final String type;
    private final Object[] components;

    private RecordForm(String type, Object[] components) {
        this.type = type;
        this.components = components;
    }

    /** The form to write in place of {@code value}: a form for a record that is not serializable, else the value. */
    static Object replace(Object value) {
        if (value == null || value instanceof Serializable || !value.getClass().isRecord()) {
            return value;
        }
        return new RecordForm(value.getClass().getName(), ACCESSORS.get(value.getClass()).read(value));
    }

    /** The record this form stands for, of the class its name resolves to through {@code resolver}. */
    Object rebuild(Codec.Resolver resolver) throws java.io.InvalidObjectException {
        try {
            return ACCESSORS.get(resolver.resolve(type)).construct(components);
        } catch (ClassNotFoundException e) {
            java.io.InvalidObjectException failure = new java.io.InvalidObjectException("class not found: name=" + type);
            failure.initCause(e);
            throw failure;
        }
    }

    /** A record class's component accessors and canonical constructor. */
    private static final class Accessors {
        private final Class<?> type;
        private final MethodHandle[] getters;
        private final MethodHandle constructor;

        Accessors(Class<?> type) {
            this.type = type;
            RecordComponent[] parts = type.getRecordComponents();
            Class<?>[] types = new Class<?>[parts.length];
            getters = new MethodHandle[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) {
                    types[i] = parts[i].getType();
                    parts[i].getAccessor().setAccessible(true);
                    getters[i] = MethodHandles.lookup().unreflect(parts[i].getAccessor());
                }
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                constructor = MethodHandles.lookup().unreflectConstructor(canonical)
                        .asSpreader(Object[].class, types.length);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new NotSerializableObjectException(type.getName(), e);
            }
        }

        Object[] read(Object value) {
            Object[] out = new Object[getters.length];
            try {
                for (int i = 0; i < getters.length; i++) {
                    out[i] = getters[i].invoke(value);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new NotSerializableObjectException(type.getName(), e);
            }
            return out;
        }

        Object construct(Object[] components) throws java.io.InvalidObjectException {
            try {
                return constructor.invoke(components);
            } catch (RuntimeException | Error e) {
                throw e; // the canonical constructor refused the values, as it would under Java serialization
            } catch (Throwable e) {
                java.io.InvalidObjectException failure =
                        new java.io.InvalidObjectException("record constructor failed: class=" + type.getName());
                failure.initCause(e);
                throw failure;
            }
        }
    }
}
