package dev.procbook.memory;

/**
 * Thrown when a process exited before (or while) its memory could be read; an expected race, not a defect.
 */
public class ProcessExitedException extends RuntimeException {

    private final long pid;

    /** Creates the exception for {@code pid}. */
    public ProcessExitedException(long pid) {
        this(pid, "process has exited: pid=" + pid);
    }

    /** Creates the exception for {@code pid} with {@code message}, for a more specific condition. */
    protected ProcessExitedException(long pid, String message) {
        super(message);
        this.pid = pid;
    }

    /** Returns the pid of the process that exited. */
    public long pid() {
        return pid;
    }
}
