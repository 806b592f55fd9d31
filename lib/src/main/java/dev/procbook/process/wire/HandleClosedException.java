package dev.procbook.process.wire;

/**
 * A handle (a worker, pool, connection, queue, hub) was used after it was closed here. It is an
 * {@link IllegalStateException}, as the JDK's own closed handles throw; {@link #handle()} says which one.
 */
public class HandleClosedException extends IllegalStateException {

    private final String handle;

    /** Creates the exception for {@code handle}, e.g. {@code "queue: id=3"}. */
    public HandleClosedException(String handle) {
        super("closed: " + handle);
        this.handle = handle;
    }

    /** The handle that was closed. */
    public String handle() {
        return handle;
    }
}
