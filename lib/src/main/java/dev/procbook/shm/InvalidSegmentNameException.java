package dev.procbook.shm;

/** A segment or frame name that /dev/shm cannot hold: empty, with a {@code /}, too long, or {@code .}/{@code ..}. */
public final class InvalidSegmentNameException extends IllegalArgumentException {

    private final String name;
    private final String reason;

    public InvalidSegmentNameException(String name, String reason) {
        super("invalid segment name: name=" + name + ", reason=" + reason);
        this.name = name;
        this.reason = reason;
    }

    /** The name as given. */
    public String name() {
        return name;
    }

    /** What is wrong with it. */
    public String reason() {
        return reason;
    }
}
