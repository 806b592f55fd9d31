package dev.procbook.shm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The layout of a shared frame: an Arrow IPC file (format version 5, little-endian), which is
 * <pre>
 *   "ARROW1" 00 00 | schema message | dictionary batches | record batches | footer | int32 footer length | "ARROW1"
 * </pre>
 * where each batch is a block {@code (offset, metadata length, body length)} listed in the footer, whose metadata is
 * {@code FFFFFFFF}, an int32 length and a flatbuffer {@code Message}, and whose body holds the buffers at offsets the
 * message gives. The checks here run against the size actually mapped, before any buffer is touched, so a truncated
 * or corrupt file is refused with an exception rather than read out of bounds.
 */
public final class FrameDescriptor {

    /** The magic at both ends of an Arrow IPC file. */
    public static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    /** The magic padded to 8 bytes at the start. */
    public static final int HEADER_BYTES = 8;
    /** int32 footer length plus the closing magic. */
    public static final int TRAILER_BYTES = 4 + 6;
    /** The smallest file that can hold a header, a footer and a trailer. */
    public static final int MIN_FILE_BYTES = HEADER_BYTES + TRAILER_BYTES;
    /** The continuation marker before a message's length (format 0.15 and later). */
    public static final int CONTINUATION = 0xFFFFFFFF;
    /**
     * Rows go into record batches of about this many bytes each, each mapped on its own when attached: large, since
     * attaching does a little work per batch (a mapping, a message, a set of vectors), and under 2 GiB, the most one
     * mapped buffer holds on JDK 17.
     */
    public static final long TARGET_BATCH_BYTES = 1L << 30;
    /** A block is mapped as one buffer, so it must stay under 2 GiB. */
    public static final long MAX_BLOCK_BYTES = Integer.MAX_VALUE;

    private FrameDescriptor() {
    }

    /**
     * Checks both magics of a file of {@code size} bytes whose first and last bytes are given, and returns the footer's
     * offset.
     *
     * @throws FrameFormatException if the file is too short, lacks a magic or gives a footer outside itself
     */
    static long checkEnds(String name, long size, ByteBuffer head, ByteBuffer tail) {
        if (size < MIN_FILE_BYTES) {
            throw new FrameFormatException(name, "too short for an Arrow file: size=" + size + ", min="
                    + MIN_FILE_BYTES);
        }
        if (!startsWithMagic(head, 0)) {
            throw new FrameFormatException(name, "no ARROW1 magic at the start: size=" + size);
        }
        if (!startsWithMagic(tail, tail.limit() - MAGIC.length)) {
            throw new FrameFormatException(name, "no ARROW1 magic at the end, truncated?: size=" + size);
        }
        int footerLength = tail.order(ByteOrder.LITTLE_ENDIAN).getInt(tail.limit() - TRAILER_BYTES);
        long footerOffset = size - TRAILER_BYTES - footerLength;
        if (footerLength <= 0 || footerOffset < HEADER_BYTES) {
            throw new FrameFormatException(name, "footer outside the file: footerLength=" + footerLength + ", size="
                    + size);
        }
        return footerOffset;
    }

    private static boolean startsWithMagic(ByteBuffer b, int at) {
        if (at < 0 || at + MAGIC.length > b.limit()) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(at + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that a block lies between the header and the footer and can be mapped as one buffer.
     *
     * @throws FrameFormatException if it does not
     */
    static void checkBlock(String name, long offset, long metadataLength, long bodyLength, long footerOffset) {
        if (offset < HEADER_BYTES || metadataLength < 8 || bodyLength < 0 || offset % 8 != 0
                || offset + metadataLength + bodyLength > footerOffset
                || metadataLength + bodyLength > MAX_BLOCK_BYTES) {
            throw new FrameFormatException(name, "block outside the file: offset=" + offset + ", metadataLength="
                    + metadataLength + ", bodyLength=" + bodyLength + ", footerOffset=" + footerOffset);
        }
    }

    /**
     * Checks that a buffer of a batch lies inside its body.
     *
     * @throws FrameFormatException if it does not
     */
    static void checkBuffer(String name, long offset, long length, long bodyLength) {
        if (offset < 0 || length < 0 || offset > bodyLength - length) {
            throw new FrameFormatException(name, "buffer outside its batch: offset=" + offset + ", length=" + length
                    + ", bodyLength=" + bodyLength);
        }
    }
}
