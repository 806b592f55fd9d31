package dev.procbook.shm;

import org.agrona.concurrent.UnsafeBuffer;

/** What the typed views share: a mapping seen as elements of {@code 1 << shift} bytes, indexed by long. */
abstract class ElementView {

    final MappedPieces pieces;
    private final int shift;
    private final long length;

    ElementView(MappedPieces pieces, int shift) {
        this.pieces = pieces;
        this.shift = shift;
        this.length = pieces.size() >>> shift;
    }

    /** The number of elements: the mapping's size divided by the element size, rounded down. */
    public final long length() {
        return length;
    }

    /** The buffer holding element {@code index}; see {@link #offset(long)}. */
    final UnsafeBuffer bufferOf(long index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index outside the view: index=" + index + ", length=" + length);
        }
        return pieces.piece(SegmentDescriptor.piece(index << shift));
    }

    /** The offset of element {@code index} inside its piece. */
    final int offset(long index) {
        return SegmentDescriptor.within(index << shift);
    }

    /** Elements of piece {@code p}, which holds whole elements only. */
    final int elementsIn(int p) {
        long start = (long) p << SegmentDescriptor.PIECE_SHIFT;
        long end = Math.min(pieces.size(), start + SegmentDescriptor.PIECE_BYTES);
        long first = (start + (1L << shift) - 1) >>> shift;
        return (int) (Math.min(length, end >>> shift) - first);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[name=" + pieces.name() + ", length=" + length + "]";
    }
}
