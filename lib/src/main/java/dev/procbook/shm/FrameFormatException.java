package dev.procbook.shm;

/** A frame's file is not a well-formed Arrow IPC file: truncated, corrupt, or not Arrow at all. */
public final class FrameFormatException extends IllegalStateException {

    private final String name;
    private final String problem;

    public FrameFormatException(String name, String problem) {
        super("not a readable Arrow frame: name=" + name + ", problem=" + problem);
        this.name = name;
        this.problem = problem;
    }

    public FrameFormatException(String name, String problem, Throwable cause) {
        super("not a readable Arrow frame: name=" + name + ", problem=" + problem, cause);
        this.name = name;
        this.problem = problem;
    }

    /** The frame's name. */
    public String name() {
        return name;
    }

    /** What is wrong with the file. */
    public String problem() {
        return problem;
    }
}
