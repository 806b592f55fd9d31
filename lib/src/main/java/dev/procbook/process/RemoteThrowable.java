package dev.procbook.process;

/**
 * Stands in the parent for an exception thrown in a worker that could not itself be sent back (not serializable);
 * keeps its class name, message, stack trace and causes.
 */
public class RemoteThrowable extends RuntimeException {

    private final String className;

    RemoteThrowable(String className, String message, StackTraceElement[] trace, RemoteThrowable cause) {
        super(className + (message == null ? "" : ": " + message), cause);
        this.className = className;
        setStackTrace(trace);
    }

    /** Copies {@code t} and its causes into serializable stand-ins. */
    public static RemoteThrowable of(Throwable t) {
        RemoteThrowable cause = t.getCause() == null || t.getCause() == t ? null : of(t.getCause());
        return new RemoteThrowable(t.getClass().getName(), t.getMessage(), t.getStackTrace(), cause);
    }

    /** The binary name of the original exception's class. */
    public String className() {
        return className;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
