package dev.procbook.memory;

import java.nio.file.Path;

/**
 * Thrown when the memory map of a process may not be read, typically because it belongs to another user.
 */
public final class ProcessAccessDeniedException extends RuntimeException {

    private final long pid;
    private final Path file;

    /** Creates the exception for {@code pid} and the file that could not be opened. */
    public ProcessAccessDeniedException(long pid, Path file, Throwable cause) {
        super("permission denied: pid=" + pid + ", file=" + file
                + " (reading another user's process needs ptrace access: same user, root or CAP_SYS_PTRACE)", cause);
        this.pid = pid;
        this.file = file;
    }

    /** Returns the pid whose memory could not be read. */
    public long pid() {
        return pid;
    }

    /** Returns the file that could not be opened. */
    public Path file() {
        return file;
    }
}
