package dev.procbook.shm;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A segment or mapping seen as ints in native byte order (numpy's {@code int32} on this machine), indexed by long
 * so that segments over 2 GiB work on JDK 17.
 *
 * <p>{@code try (SharedSegment s = SharedSegment.create("data", 1 << 20)) { s.ints().fill(1); s.ints().sum(); }}
 */
public final class IntView extends ElementView {

    IntView(MappedPieces pieces) {
        super(pieces, 2);
    }

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException     if the segment is closed
     */
    public int get(long index) {
        return bufferOf(index).getInt(offset(index));
    }

    /**
     * Sets the element at {@code index}; in a copy-on-write mapping its page becomes this process's own.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException     if the segment is closed
     */
    public void set(long index, int value) {
        bufferOf(index).putInt(offset(index), value);
    }

    /** Sets every element to {@code value}. */
    public void fill(int value) {
        for (int p = 0; p < pieces.count(); p++) {
            UnsafeBuffer b = pieces.piece(p);
            int n = elementsIn(p);
            for (int i = 0; i < n; i++) {
                b.putInt(i << 2, value);
            }
        }
    }

    /** The sum of every element, as a long. */
    public long sum() {
        long sum = 0;
        for (int p = 0; p < pieces.count(); p++) {
            UnsafeBuffer b = pieces.piece(p);
            int n = elementsIn(p);
            for (int i = 0; i < n; i++) {
                sum += b.getInt(i << 2);
            }
        }
        return sum;
    }
}
