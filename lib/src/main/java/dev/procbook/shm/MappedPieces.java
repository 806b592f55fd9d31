package dev.procbook.shm;

import dev.procbook.process.wire.HandleClosedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A file mapped whole, in pieces of at most {@link SegmentDescriptor#PIECE_BYTES}, each wrapped in an Agrona
 * {@link UnsafeBuffer} for typed and atomic access in native byte order (numpy's).
 *
 * <p>{@link #close()} unmaps the pieces; every access goes through {@link #piece(int)}, which refuses once closed, so
 * a view used after close fails with an exception instead of touching unmapped memory. Closing while another thread
 * is inside an access is the caller's error, as freeing memory under a reader is in C.
 */
final class MappedPieces implements AutoCloseable {

    private final String name;
    private final long size;
    private final boolean shared;
    private final MappedByteBuffer[] mapped;
    private final UnsafeBuffer[] buffers;
    private volatile boolean closed;

    private MappedPieces(String name, long size, boolean shared, MappedByteBuffer[] mapped) {
        this.name = name;
        this.size = size;
        this.shared = shared;
        this.mapped = mapped;
        this.buffers = new UnsafeBuffer[mapped.length];
        for (int i = 0; i < mapped.length; i++) {
            buffers[i] = new UnsafeBuffer(mapped[i]);
        }
    }

    /**
     * Maps {@code size} bytes of {@code channel} from its start with {@code mode}; the channel may be closed after.
     *
     * @throws UncheckedIOException if the kernel refuses a mapping
     */
    static MappedPieces map(String name, FileChannel channel, long size, FileChannel.MapMode mode) {
        int count = (int) ((size + SegmentDescriptor.PIECE_BYTES - 1) / SegmentDescriptor.PIECE_BYTES);
        MappedByteBuffer[] mapped = new MappedByteBuffer[count];
        try {
            for (int i = 0; i < count; i++) {
                long start = i * SegmentDescriptor.PIECE_BYTES;
                mapped[i] = channel.map(mode, start, Math.min(SegmentDescriptor.PIECE_BYTES, size - start));
            }
        } catch (IOException e) {
            for (MappedByteBuffer m : mapped) {
                if (m != null) {
                    IoUtil.unmap(m);
                }
            }
            throw new UncheckedIOException("could not map: name=" + name + ", size=" + size + ", mode=" + mode, e);
        }
        return new MappedPieces(name, size, mode != FileChannel.MapMode.PRIVATE, mapped);
    }

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    /** Whether writes reach the file (a shared mapping) rather than private copies of the pages. */
    boolean isShared() {
        return shared;
    }

    int count() {
        return buffers.length;
    }

    /**
     * The buffer of piece {@code i}.
     *
     * @throws HandleClosedException if the mapping is closed
     */
    UnsafeBuffer piece(int i) {
        if (closed) {
            throw new HandleClosedException("mapping: name=" + name);
        }
        return buffers[i];
    }

    /** The mapped buffer of piece {@code i}, for Arrow and for views over ranges; see {@link #piece(int)}. */
    MappedByteBuffer mapped(int i) {
        piece(i);
        return mapped[i];
    }

    boolean isClosed() {
        return closed;
    }

    /** Unmaps every piece; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (MappedByteBuffer m : mapped) {
            IoUtil.unmap(m);
        }
    }
}
