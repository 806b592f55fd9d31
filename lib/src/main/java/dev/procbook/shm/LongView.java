package dev.procbook.shm;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A segment or mapping seen as longs in native byte order (numpy's {@code int64} on this machine), indexed by long
 * so that segments over 2 GiB work on JDK 17.
 *
 * <p>{@code try (SharedSegment s = SharedSegment.create("data", 1 << 20)) { s.longs().fill(1); s.longs().sum(); }}
 */
public final class LongView extends ElementView {

    LongView(MappedPieces pieces) {
        super(pieces, 3);
    }

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException     if the segment is closed
     */
    public long get(long index) {
        return bufferOf(index).getLong(offset(index));
    }

    /**
     * Sets the element at {@code index}; in a copy-on-write mapping its page becomes this process's own.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException     if the segment is closed
     */
    public void set(long index, long value) {
        bufferOf(index).putLong(offset(index), value);
    }

    /** Sets every element to {@code value}. */
    public void fill(long value) {
        for (int p = 0; p < pieces.count(); p++) {
            UnsafeBuffer b = pieces.piece(p);
            int n = elementsIn(p);
            for (int i = 0; i < n; i++) {
                b.putLong(i << 3, value);
            }
        }
    }

    /** The sum of every element, wrapping on overflow as numpy's int64 sum does. */
    public long sum() {
        long sum = 0;
        for (int p = 0; p < pieces.count(); p++) {
            UnsafeBuffer b = pieces.piece(p);
            int n = elementsIn(p);
            for (int i = 0; i < n; i++) {
                sum += b.getLong(i << 3);
            }
        }
        return sum;
    }
}
