package dev.procbook.shm;

/**
 * The layout of a mapped segment: the mapping is made of pieces of at most {@link #PIECE_BYTES} bytes, since a
 * {@link java.nio.MappedByteBuffer} is int-indexed on JDK 17, and typed elements are aligned to their size so that
 * none straddles two pieces. Counters and locks are one aligned long each.
 */
public final class SegmentDescriptor {

    /** Bytes in every piece but the last: 1 GiB, a multiple of every element size and of the page size. */
    public static final long PIECE_BYTES = 1L << 30;
    /** log2 of {@link #PIECE_BYTES}. */
    public static final int PIECE_SHIFT = 30;
    /** Bytes of a counter or a lock word; their offsets are multiples of it. */
    public static final int WORD_BYTES = Long.BYTES;
    /** The longest name Linux accepts for a file in /dev/shm (NAME_MAX), in bytes of UTF-8. */
    public static final int MAX_NAME_BYTES = 255;

    private SegmentDescriptor() {
    }

    /** The piece that holds byte {@code offset}. */
    static int piece(long offset) {
        return (int) (offset >>> PIECE_SHIFT);
    }

    /** The offset of byte {@code offset} inside its piece. */
    static int within(long offset) {
        return (int) (offset & (PIECE_BYTES - 1));
    }

    /**
     * Checks that a word at {@code offset} is aligned and inside a segment of {@code size} bytes.
     *
     * @throws IllegalArgumentException if it is not
     */
    public static void checkWord(long offset, long size) {
        if (offset < 0 || offset % WORD_BYTES != 0 || offset + WORD_BYTES > size) {
            throw new IllegalArgumentException("word must be 8-byte aligned and inside the segment: offset=" + offset
                    + ", size=" + size);
        }
    }

    /**
     * Checks that {@code length} bytes at {@code offset} lie inside a segment of {@code size} bytes.
     *
     * @throws IndexOutOfBoundsException if they do not
     */
    public static void checkRange(long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("range outside the segment: offset=" + offset + ", length=" + length
                    + ", size=" + size);
        }
    }
}
