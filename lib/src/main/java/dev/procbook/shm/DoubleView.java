package dev.procbook.shm;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A segment or mapping seen as doubles in native byte order (numpy's {@code float64} on this machine), indexed by long
 * so that segments over 2 GiB work on JDK 17.
 *
 * <p>{@code try (SharedSegment s = SharedSegment.create("data", 1 << 20)) { s.doubles().fill(1); s.doubles().sum(); }}
 */
public final class DoubleView extends ElementView {

    DoubleView(MappedPieces pieces) {
        super(pieces, 3);
    }

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException     if the segment is closed
     */
    public double get(long index) {
        return bufferOf(index).getDouble(offset(index));
    }

    /**
     * Sets the element at {@code index}; in a copy-on-write mapping its page becomes this process's own.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException     if the segment is closed
     */
    public void set(long index, double value) {
        bufferOf(index).putDouble(offset(index), value);
    }

    /** Sets every element to {@code value}. */
    public void fill(double value) {
        for (int p = 0; p < pieces.count(); p++) {
            UnsafeBuffer b = pieces.piece(p);
            int n = elementsIn(p);
            for (int i = 0; i < n; i++) {
                b.putDouble(i << 3, value);
            }
        }
    }

    /** The sum of every element. */
    public double sum() {
        double sum = 0;
        for (int p = 0; p < pieces.count(); p++) {
            UnsafeBuffer b = pieces.piece(p);
            int n = elementsIn(p);
            for (int i = 0; i < n; i++) {
                sum += b.getDouble(i << 3);
            }
        }
        return sum;
    }
}
