package dev.procbook.process;

/**
 * Thrown in the parent for a task that threw in its worker; the cause is the remote exception (or a
 * {@link RemoteThrowable} standing for it) carrying the worker's stack trace.
 */
public class TaskFailedException extends RuntimeException {

    private final long pid;
    private final String task;

    /** Creates the exception for {@code task} that threw {@code remote} in the worker {@code pid}. */
    public TaskFailedException(long pid, String task, Throwable remote) {
        super("task failed: pid=" + pid + ", task=" + task + ", error=" + remote, remote);
        this.pid = pid;
        this.task = task;
    }

    /** The process id of the worker in which the task failed. */
    public long pid() {
        return pid;
    }

    /** A description of the task. */
    public String task() {
        return task;
    }
}
