package dev.procbook.memory;

/**
 * Thrown when no process has the pid asked for: it never existed, or had exited and been reaped before it was first
 * read. A {@link ProcessExitedException}, so code that treats an exit as an expected race treats this alike.
 */
public final class NoSuchProcessException extends ProcessExitedException {

    /** Creates the exception for {@code pid}. */
    public NoSuchProcessException(long pid) {
        super(pid, "no such process: pid=" + pid);
    }
}
