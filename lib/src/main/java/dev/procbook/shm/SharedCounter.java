package dev.procbook.shm;

/**
 * A long in a segment that every process mapping the segment updates atomically (Agrona's {@code getAndAddLong}, a
 * locked add on the mapped word), so concurrent increments from many processes are never lost.
 *
 * <pre>{@code
 * SharedCounter hits = segment.counter(0);        // in every process that attached the segment
 * hits.incrementAndGet();
 * }</pre>
 */
public final class SharedCounter {

    private final MappedPieces pieces;
    private final long offset;

    SharedCounter(MappedPieces pieces, long offset) {
        SegmentDescriptor.checkWord(offset, pieces.size());
        this.pieces = pieces;
        this.offset = offset;
    }

    /** The offset of the counter's word in the segment. */
    public long offset() {
        return offset;
    }

    /** The current value, read with acquire semantics. */
    public long get() {
        return pieces.piece(SegmentDescriptor.piece(offset)).getLongVolatile(SegmentDescriptor.within(offset));
    }

    /** Sets the value, with release semantics. */
    public void set(long value) {
        pieces.piece(SegmentDescriptor.piece(offset)).putLongVolatile(SegmentDescriptor.within(offset), value);
    }

    /** Adds {@code delta} atomically and returns the new value. */
    public long addAndGet(long delta) {
        return pieces.piece(SegmentDescriptor.piece(offset)).getAndAddLong(SegmentDescriptor.within(offset), delta)
                + delta;
    }

    /** Adds one atomically and returns the new value. */
    public long incrementAndGet() {
        return addAndGet(1);
    }

    /** Sets the value to {@code update} if it is {@code expected}, atomically; returns whether it did. */
    public boolean compareAndSet(long expected, long update) {
        return pieces.piece(SegmentDescriptor.piece(offset))
                .compareAndSetLong(SegmentDescriptor.within(offset), expected, update);
    }

    @Override
    public String toString() {
        return "SharedCounter[name=" + pieces.name() + ", offset=" + offset + "]";
    }
}
