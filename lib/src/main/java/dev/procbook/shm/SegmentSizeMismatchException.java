package dev.procbook.shm;

/** A segment attached with an expected size has another. */
public final class SegmentSizeMismatchException extends IllegalStateException {

    private final String name;
    private final long expected;
    private final long actual;

    public SegmentSizeMismatchException(String name, long expected, long actual) {
        super("segment size mismatch: name=" + name + ", expected=" + expected + ", actual=" + actual);
        this.name = name;
        this.expected = expected;
        this.actual = actual;
    }

    /** The segment's name. */
    public String name() {
        return name;
    }

    /** The size the caller expected, in bytes. */
    public long expected() {
        return expected;
    }

    /** The segment's size, in bytes. */
    public long actual() {
        return actual;
    }
}
