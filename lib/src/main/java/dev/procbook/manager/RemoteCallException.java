package dev.procbook.manager;

/**
 * Thrown by a proxy call whose method threw, in the manager, a checked exception that the caller's signature does
 * not declare (a namespace proxy's {@code call} declares none), or an exception that could not travel back; the
 * cause is the remote exception, or a {@link dev.procbook.process.RemoteThrowable} standing for it, with the
 * manager's stack trace. Unchecked exceptions and declared checked ones are thrown as they are.
 */
public class RemoteCallException extends RuntimeException {

    private final long pid;
    private final String call;

    /** Creates the exception for {@code call} in the manager {@code pid}, which threw {@code remote}. */
    public RemoteCallException(long pid, String call, Throwable remote) {
        super("remote call failed: pid=" + pid + ", call=" + call + ", error=" + remote, remote);
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
