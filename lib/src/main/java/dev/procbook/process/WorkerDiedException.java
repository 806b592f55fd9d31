package dev.procbook.process;

/**
 * Thrown for a task whose worker process died before it answered: killed by a signal, exited (for example by
 * {@code System.exit} or on {@code OutOfMemoryError}), or lost its connection.
 */
public class WorkerDiedException extends RuntimeException {

    private final long pid;
    private final int exitCode;
    private final int signal;
    private final String task;

    /**
     * Creates the exception.
     *
     * @param pid      the worker's process id
     * @param exitCode its exit code, or -1 if it was not known in time
     * @param signal   the signal that killed it, or 0
     * @param task     the task that was running
     * @param lastErr  the last lines the worker wrote to standard error, possibly empty
     */
    public WorkerDiedException(long pid, int exitCode, int signal, String task, String lastErr) {
        super("worker died: pid=" + pid + ", exitCode=" + exitCode + ", signal=" + signalName(signal) + ", task="
                + task + (lastErr.isEmpty() ? "" : ", lastError=" + lastErr));
        this.pid = pid;
        this.exitCode = exitCode;
        this.signal = signal;
        this.task = task;
    }

    private static String signalName(int signal) {
        switch (signal) {
            case 0: return "none";
            case 9: return "SIGKILL(9)";
            case 15: return "SIGTERM(15)";
            case 6: return "SIGABRT(6)";
            case 11: return "SIGSEGV(11)";
            default: return "SIG" + signal;
        }
    }

    /** The worker's process id. */
    public long pid() {
        return pid;
    }

    /** The exit code (128 + signal when killed by a signal), or -1 if it was not known in time. */
    public int exitCode() {
        return exitCode;
    }

    /** The signal that killed the worker, or 0 if it exited by itself. */
    public int signal() {
        return signal;
    }

    /** A description of the task that was running. */
    public String task() {
        return task;
    }
}
