package dev.procbook.manager;

/** Thrown by a proxy call, in the process that closed its manager, after {@link Manager#close()}. */
public class ManagerClosedException extends RuntimeException {

    private final long pid;
    private final String call;

    /** Creates the exception for {@code call} on the manager {@code pid}, closed here. */
    public ManagerClosedException(long pid, String call) {
        super("manager closed: pid=" + pid + ", call=" + call);
        this.pid = pid;
        this.call = call;
    }

    /** The process id the manager had. */
    public long pid() {
        return pid;
    }

    /** The call that was refused. */
    public String call() {
        return call;
    }
}
