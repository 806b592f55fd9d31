package dev.procbook.shm;

import java.nio.file.Path;

/** No segment or frame of that name exists in /dev/shm. */
public final class SegmentNotFoundException extends IllegalStateException {

    private final String name;
    private final transient Path path;

    public SegmentNotFoundException(String name, Path path) {
        super("segment not found: name=" + name + ", path=" + path);
        this.name = name;
        this.path = path;
    }

    /** The name looked for. */
    public String name() {
        return name;
    }

    /** The file looked for. */
    public Path path() {
        return path;
    }
}
