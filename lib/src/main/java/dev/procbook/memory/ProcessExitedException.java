package dev.procbook.memory;

/**
 * Thrown when a process exited before (or while) its memory could be read; an expected race, not a defect.
 */
public final class ProcessExitedException extends RuntimeException {

    private final long pid;

    /** Creates the exception for {@code pid}. */
    public ProcessExitedException(long pid) {
        super("process has exited: pid=" + pid);
        this.pid = pid;
    }

    /** Returns the pid of the process that exited. */
    public long pid() {
        return pid;
    }
}
