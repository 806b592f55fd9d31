package dev.procbook.process.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Arrays;

/**
 * Encodes objects as {@link Codec#encode(Object)} does, but serializes through one long-lived
 * {@link ObjectOutputStream} instead of building a stream per object, which costs more than serializing a small
 * record: one encoder per sending direction (a pipe end, a queue handle); thread-safe.
 *
 * <p>Each encoding starts with a stream reset, so it stands alone: it carries its class descriptors, refers to
 * nothing sent earlier, an object sent twice is sent in full twice, and the stream's handle table never grows.
 * Any {@link ObjectDecoder}, or {@link Codec#decode(byte[])}, reads it.
 *
 * <p>A class descriptor is written as the class's name alone, and the reader uses its own descriptor of the class
 * it resolves: both sides run the same class (the worker's class path is the parent's, and classes it lacks are
 * fetched from the parent), so the field list and serial version that Java serialization repeats with every
 * reset would say nothing new, and reading them costs more than reading a small record. A record of primitives
 * and strings skips the stream altogether (see {@link RecordShape}).
 */
public final class ObjectEncoder {

    /** A buffer grown past this by a large object is dropped after use rather than kept. */
    private static final int KEEP_BYTES = 64 * 1024;

    private final Buffer recordBytes = new Buffer();
    private final java.io.DataOutputStream recordOut = new java.io.DataOutputStream(recordBytes);
    private Buffer bytes;
    private NamesOnlyObjectOutputStream out;
    private int headerEnd;

    /** A byte array output stream whose contents can be cut back without copying. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(256);
        }

        void truncate(int size) {
            count = size;
        }

        byte[] copy(int from) {
            return Arrays.copyOfRange(buf, from, count);
        }

        int capacity() {
            return buf.length;
        }
    }

    private byte[] encodeRecord(Object value, RecordShape shape) {
        recordBytes.reset();
        try {
            recordOut.writeByte(Codec.RECORD);
            recordOut.writeUTF(value.getClass().getName());
            shape.write(value, recordOut);
            recordOut.flush();
        } catch (IOException e) {
            throw Codec.notSerializable(value, e);
        }
        return recordBytes.copy(0);
    }

    /** Writes class descriptors as names; see the class comment. */
    private static final class NamesOnlyObjectOutputStream extends CellObjectOutputStream {
        NamesOnlyObjectOutputStream(java.io.OutputStream out) throws IOException {
            super(out);
        }

        @Override
        protected void writeClassDescriptor(java.io.ObjectStreamClass desc) throws IOException {
            writeUTF(desc.getName());
        }
    }

    /**
     * Encodes {@code value}, with the top-level values its cell code reads, as {@link Codec#encode(Object)} does.
     *
     * @throws NotSerializableObjectException if {@code value} or an object it refers to is not serializable
     * @throws TopLevelValueException         if a top-level variable its cell code reads cannot be serialized
     */
    public byte[] encode(Object value) {
        if (Codec.isPlain(value)) {
            return Codec.encode(value);
        }
        // here rather than at each sender: a class from a cell can then be served to the receiving process
        UserClassLoaders.register(value.getClass().getClassLoader());
        CellCode.Roots roots = new CellCode.Roots();
        return Codec.withValues(roots, TopLevelValues.NONE, encodeBody(value, roots));
    }

    private byte[] encodeBody(Object value, CellCode.Roots roots) {
        RecordShape shape = RecordShape.of(value);
        synchronized (this) {
            if (shape != null) {
                roots.object(value);
                return encodeRecord(value, shape);
            }
            try {
                if (out == null) {
                    bytes = new Buffer();
                    out = new NamesOnlyObjectOutputStream(bytes);
                    out.flush();
                    headerEnd = bytes.size();
                }
                bytes.truncate(headerEnd);
                bytes.write(Codec.JAVA_STREAM);
                out.reset();
                out.noteInto(roots);
                out.writeObject(value);
                out.noteInto(null);
                out.flush();
                byte[] encoded = bytes.copy(headerEnd);
                if (bytes.capacity() > KEEP_BYTES) {
                    out = null;
                }
                return encoded;
            } catch (IOException e) {
                out = null; // a failed object leaves the stream in an unknown state: start a new one
                throw Codec.notSerializable(value, e);
            } catch (RuntimeException e) {
                out = null;
                throw e;
            }
        }
    }
}
