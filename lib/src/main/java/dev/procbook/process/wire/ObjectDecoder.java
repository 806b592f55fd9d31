package dev.procbook.process.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decodes what {@link Codec#encode(Object)} and {@link ObjectEncoder#encode(Object)} made, reading the latter
 * through one long-lived {@link ObjectInputStream} rather than one per object: one decoder per receiving direction;
 * thread-safe. Classes resolve through {@link UserClassLoaders}, as with {@link Codec#decode(byte[])}.
 */
public final class ObjectDecoder {

    private final ReentrantLock lock = new ReentrantLock();
    private final Source source = new Source();
    private final Codec.Resolver resolver = new Codec.Resolver();
    private ObjectInputStream in;

    /** The bytes of one encoding, preceded once by the stream header that encodings leave out. */
    private static final class Source extends InputStream {
        private byte[] data;
        private int pos;
        private int end;

        void set(byte[] data, int off, int len) {
            this.data = data;
            this.pos = off;
            this.end = off + len;
        }

        boolean consumed() {
            return pos == end;
        }

        @Override
        public int read() {
            return pos < end ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= end) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return end - pos;
        }
    }

    /** Decodes all of {@code data}; see {@link #decode(byte[], int, int)}. */
    public Object decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /**
     * Decodes {@code len} bytes of {@code data} from {@code off}.
     *
     * @throws UndecodableObjectException if the bytes are corrupt or name a class no loader can find
     */
    public Object decode(byte[] data, int off, int len) {
        if (len > 0 && data[off] == Codec.VALUES) {
            int body = Codec.applyValues(data, off, len);
            return decode(data, off + body, len - body);
        }
        if (len < 1 || (data[off] != Codec.JAVA_STREAM && data[off] != Codec.RECORD) || !lock.tryLock()) {
            return Codec.decode(data, off, len); // another thread decoding at the same time builds its own stream
        }
        try {
            if (data[off] == Codec.RECORD) {
                return Codec.decodeRecord(data, off, len, resolver);
            }
            if (in == null) {
                source.set(Codec.STREAM_HEADER, 0, Codec.STREAM_HEADER.length);
                in = new Codec.UserObjectInputStream(source, true, resolver);
            }
            source.set(data, off + 1, len - 1);
            Object value = in.readObject();
            if (!source.consumed()) {
                throw new IOException("trailing bytes after object: left=" + source.available());
            }
            return value;
        } catch (ClassNotFoundException | IOException | RuntimeException e) {
            in = null; // a failed read leaves the stream in an unknown state: start a new one
            throw e instanceof RuntimeException r ? r : Codec.notDeserializable(e);
        } finally {
            source.set(null, 0, 0);
            lock.unlock();
        }
    }
}
