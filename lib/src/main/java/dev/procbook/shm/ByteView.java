package dev.procbook.shm;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A segment or mapping seen as bytes, indexed by long; {@link #read} and {@link #write} copy ranges that may span
 * pieces.
 */
public final class ByteView extends ElementView {

    ByteView(MappedPieces pieces) {
        super(pieces, 0);
    }

    /**
     * The byte at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException     if the segment is closed
     */
    public byte get(long index) {
        return bufferOf(index).getByte(offset(index));
    }

    /**
     * Sets the byte at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is outside the view
     * @throws IllegalStateException     if the segment is closed
     */
    public void set(long index, byte value) {
        bufferOf(index).putByte(offset(index), value);
    }

    /**
     * Copies {@code length} bytes at {@code offset} into {@code dst} from {@code dstOffset}.
     *
     * @throws IndexOutOfBoundsException if the range is outside the view or {@code dst}
     */
    public void read(long offset, byte[] dst, int dstOffset, int length) {
        SegmentDescriptor.checkRange(offset, length, length());
        java.util.Objects.checkFromIndexSize(dstOffset, length, dst.length);
        int done = 0;
        while (done < length) {
            long at = offset + done;
            UnsafeBuffer b = pieces.piece(SegmentDescriptor.piece(at));
            int within = SegmentDescriptor.within(at);
            int n = Math.min(length - done, b.capacity() - within);
            b.getBytes(within, dst, dstOffset + done, n);
            done += n;
        }
    }

    /**
     * Copies {@code src} into the view at {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range is outside the view
     */
    public void write(long offset, byte[] src) {
        SegmentDescriptor.checkRange(offset, src.length, length());
        int done = 0;
        while (done < src.length) {
            long at = offset + done;
            UnsafeBuffer b = pieces.piece(SegmentDescriptor.piece(at));
            int within = SegmentDescriptor.within(at);
            int n = Math.min(src.length - done, b.capacity() - within);
            b.putBytes(within, src, done, n);
            done += n;
        }
    }

    /** Sets every byte to {@code value}. */
    public void fill(byte value) {
        for (int p = 0; p < pieces.count(); p++) {
            UnsafeBuffer b = pieces.piece(p);
            b.setMemory(0, b.capacity(), value);
        }
    }

    /** The sum of every byte read as unsigned, numpy's {@code uint8} sum. */
    public long sum() {
        long sum = 0;
        for (int p = 0; p < pieces.count(); p++) {
            UnsafeBuffer b = pieces.piece(p);
            int n = b.capacity();
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                long w = b.getLong(i);
                // adds the eight bytes of w as unsigned values, two lanes of four at a time
                long lanes = (w & 0x00FF00FF00FF00FFL) + ((w >>> 8) & 0x00FF00FF00FF00FFL);
                lanes = (lanes & 0x0000FFFF0000FFFFL) + ((lanes >>> 16) & 0x0000FFFF0000FFFFL);
                sum += (lanes & 0xFFFFFFFFL) + (lanes >>> 32);
            }
            for (; i < n; i++) {
                sum += b.getByte(i) & 0xFF;
            }
        }
        return sum;
    }
}
