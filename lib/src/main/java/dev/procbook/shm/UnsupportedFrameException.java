package dev.procbook.shm;

/**
 * A well-formed Arrow file that a shared frame refuses: compressed buffers or delta dictionaries, which cannot be
 * read in place without copying.
 */
public final class UnsupportedFrameException extends IllegalStateException {

    private final String name;
    private final String feature;

    public UnsupportedFrameException(String name, String feature) {
        super("Arrow feature not supported by shared frames: name=" + name + ", feature=" + feature);
        this.name = name;
        this.feature = feature;
    }

    /** The frame's name. */
    public String name() {
        return name;
    }

    /** The feature refused, such as {@code compression=LZ4_FRAME} or {@code delta dictionary id=0}. */
    public String feature() {
        return feature;
    }
}
