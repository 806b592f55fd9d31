package dev.procbook.process.wire;

/**
 * Thrown when a thread is interrupted while it waits in Procbook: for a message, an item, a result or a worker to
 * start. The thread's interrupt flag is left set, and the object it waited on stays usable unless the message says
 * otherwise; a notebook's interrupt button ends such a wait this way.
 */
public class WaitInterruptedException extends RuntimeException {

    private final String waitingFor;

    /** Creates the exception for a wait for {@code waitingFor}, e.g. {@code "recv: pipe=3, end=1"}. */
    public WaitInterruptedException(String waitingFor) {
        super("interrupted while waiting: " + waitingFor);
        this.waitingFor = waitingFor;
    }

    /** As {@link #WaitInterruptedException(String)}, keeping the {@link InterruptedException} that ended the wait. */
    public WaitInterruptedException(String waitingFor, InterruptedException cause) {
        this(waitingFor);
        initCause(cause);
    }

    /** What the thread was waiting for. */
    public String waitingFor() {
        return waitingFor;
    }
}
