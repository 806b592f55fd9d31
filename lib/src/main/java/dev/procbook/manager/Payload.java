package dev.procbook.manager;

import dev.procbook.process.wire.UndecodableObjectException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of one manager frame: a growable big-endian writer, reused for every frame a connection sends, and a
 * reader over a received payload. Hand-rolled rather than a {@code DataOutputStream} over a byte array stream, which
 * allocates on every frame: a proxy call is small, and its encoding is a good part of its cost.
 */
final class Payload {

    private Payload() {
    }

    /** Writes frames into one reused array; not thread-safe. */
    static final class Writer {
        private byte[] buf = new byte[256];
        private int size;

        Writer reset() {
            if (buf.length > 64 * 1024) {
                buf = new byte[256]; // a large argument passed once does not keep its buffer
            }
            size = 0;
            return this;
        }

        int size() {
            return size;
        }

        byte[] array() {
            return buf;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        Writer u8(int b) {
            ensure(1);
            buf[size++] = (byte) b;
            return this;
        }

        Writer i32(int v) {
            ensure(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
            return this;
        }

        Writer i64(long v) {
            i32((int) (v >>> 32));
            return i32((int) v);
        }

        Writer f64(double v) {
            return i64(Double.doubleToRawLongBits(v));
        }

        Writer bytes(byte[] b) {
            return bytes(b, 0, b.length);
        }

        Writer bytes(byte[] b, int off, int len) {
            i32(len);
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
            return this;
        }

        Writer str(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads a received payload from the front. */
    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int u8() {
            check(1);
            return buf[pos++] & 0xff;
        }

        int i32() {
            check(4);
            int v = (buf[pos] & 0xff) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8
                    | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long i64() {
            return (long) i32() << 32 | (i32() & 0xffffffffL);
        }

        double f64() {
            return Double.longBitsToDouble(i64());
        }

        /** The length of the byte string {@link #skipBytes()} passed last. */
        int lastLength;

        /** The offset of the next length-prefixed byte string, after skipping it; its length is {@link #lastLength}. */
        int skipBytes() {
            int len = i32();
            check(len);
            int at = pos;
            pos += len;
            lastLength = len;
            return at;
        }

        byte[] array() {
            return buf;
        }

        String str() {
            int at = skipBytes();
            return new String(buf, at, lastLength, StandardCharsets.UTF_8);
        }

        private void check(int n) {
            if (n < 0 || pos + n > buf.length) {
                throw new UndecodableObjectException(null, "manager frame cut short: length=" + buf.length + ", at="
                        + pos + ", wanted=" + n, null);
            }
        }
    }
}
