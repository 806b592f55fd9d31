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
        this(pid, file, PtraceAccess.explain(pid, ProcPaths.system()), cause);
    }

    /** Creates the exception for {@code pid} and {@code file}, saying in {@code reason} what refused the read. */
    public ProcessAccessDeniedException(long pid, Path file, String reason, Throwable cause) {
        super("permission denied: pid=" + pid + ", file=" + file + " (" + reason + ")", cause);
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
