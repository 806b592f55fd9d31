package dev.procbook.shm;

/** A segment or frame of that name exists already; Python's {@code FileExistsError} for the same. */
public final class SegmentExistsException extends IllegalStateException {

    private final String name;

    public SegmentExistsException(String name) {
        super("segment exists: name=" + name);
        this.name = name;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }
}
