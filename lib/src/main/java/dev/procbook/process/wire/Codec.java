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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private Codec() {
    }

    /**
     * Encodes {@code value}.
     *
     * @throws NotSerializableObjectException if {@code value} or an object it refers to is not serializable
     */
    public static byte[] encode(Object value) {
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
        return serialize(value);
    }

    private static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(JAVA);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new NotSerializableObjectException(e.getMessage(), e);
        } catch (InvalidClassException e) {
            throw new NotSerializableObjectException(e.classname, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize: class=" + value.getClass().getName(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes what {@link #encode(Object)} made.
     *
     * @throws IllegalStateException if the bytes are corrupt or name a class no loader can find
     */
    public static Object decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** Decodes {@code len} bytes of {@code data} from {@code off}; see {@link #decode(byte[])}. */
    public static Object decode(byte[] data, int off, int len) {
        if (len < 1) {
            throw new IllegalStateException("empty encoding: length=" + len);
        }
        switch (data[off]) {
            case NULL:
                return null;
            case BYTES:
                return Arrays.copyOfRange(data, off + 1, off + len);
            case STRING:
                return new String(data, off + 1, len - 1, StandardCharsets.UTF_8);
            case JAVA:
                return deserialize(new ByteArrayInputStream(data, off + 1, len - 1));
            default:
                throw new IllegalStateException("unknown encoding: tag=" + data[off]);
        }
    }

    private static Object deserialize(InputStream in) {
        try (ObjectInputStream objects = new UserObjectInputStream(in)) {
            return objects.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("class not found: name=" + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot deserialize: reason=" + e, e);
        }
    }

    /** Resolves classes through the user class loaders rather than the caller's loader. */
    private static final class UserObjectInputStream extends ObjectInputStream {

        UserObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return UserClassLoaders.resolve(desc.getName());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
