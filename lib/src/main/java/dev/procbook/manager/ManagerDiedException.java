package dev.procbook.manager;

/**
 * Thrown by a proxy call whose manager process is gone: killed, exited, or closed by the process that started it
 * while this one still held proxies. Pending calls fail as soon as the connection drops, later ones as soon as
 * the connection is refused.
 */
public class ManagerDiedException extends RuntimeException {

    private final long pid;
    private final String call;

    /**
     * Creates the exception.
     *
     * @param pid    the manager's process id
     * @param call   the call that failed, such as {@code Counter.inc(int)}
     * @param reason what was seen: the connection dropped, or was refused
     * @param cause  the failure of the connection, or null
     */
    public ManagerDiedException(long pid, String call, String reason, Throwable cause) {
        super("manager died: pid=" + pid + ", call=" + call + ", reason=" + reason, cause);
        this.pid = pid;
        this.call = call;
    }

    /** The manager's process id. */
    public long pid() {
        return pid;
    }

    /** The call that failed. */
    public String call() {
        return call;
    }
}
