package dev.procbook.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * A reusable buffer for whole {@code /proc} files: the kernel reads into a direct buffer (no hidden copy through a
 * temporary one), which is then copied into {@link #bytes} for parsing; and an array for the figures parsed from
 * it. Grows to fit the largest file read; not thread-safe.
 */
final class ProcBuffer {

    private static final int INITIAL = 8192;

    private ByteBuffer direct = ByteBuffer.allocateDirect(INITIAL);
    private byte[] bytes = new byte[INITIAL];
    private long[] kilobytes = new long[16];

    /** The bytes of the last {@link #readAll} from index 0; valid until the next read. */
    byte[] bytes() {
        return bytes;
    }

    /**
     * A zeroed array of at least {@code n} longs for the figures parsed from the last read, the same array each time:
     * where the parser makes its own, the JIT keeps it on the heap once the shared parsing loop is compiled apart,
     * about 100 bytes a read.
     */
    long[] kilobytes(int n) {
        if (kilobytes.length < n) {
            kilobytes = new long[n];
        } else {
            Arrays.fill(kilobytes, 0, n, 0);
        }
        return kilobytes;
    }

    /**
     * Reads all of {@code channel} from offset 0 with one positional read (more only if the file outgrows the
     * buffer, which then doubles and reads again from offset 0, so the text is always one read's snapshot).
     *
     * @return the number of bytes read, 0 for an empty file
     */
    int readAll(FileChannel channel) throws IOException {
        while (true) {
            direct.clear();
            int n = channel.read(direct, 0);
            if (n < 0) {
                return 0;
            }
            if (n < direct.capacity()) {
                direct.get(0, bytes, 0, n);
                return n;
            }
            direct = ByteBuffer.allocateDirect(direct.capacity() * 2);
            bytes = new byte[direct.capacity()];
        }
    }
}
