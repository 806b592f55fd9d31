package dev.procbook.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@code /proc} file of one process, opened on its first read and then kept open, so that each later read is a
 * single positional read at offset 0 (a {@code /proc} seq file regenerates its text on such a read) instead of an
 * open, reads and a close.
 *
 * <p>The open file stays bound to the process it was opened for, never to whatever process later gets the same pid:
 * once that process has been reaped a read fails with ESRCH, which is a {@link ProcessExitedException}, and the file
 * is closed. {@code smaps_rollup} is bound to the address space too, so it also answers ESRCH after an
 * {@code execve}; callers that can tell the two apart reopen it. {@link #close()} closes the file; a later read opens
 * it again. Not thread-safe.
 */
final class ProcFile implements AutoCloseable {

    private static final long NO_PROCESS = -1;

    private final long pid;
    private final Path path;
    private FileChannel channel;

    /** A file of process {@code pid}, such as {@code /proc/PID/stat}. */
    ProcFile(long pid, Path path) {
        this.pid = pid;
        this.path = path;
    }

    /** A file of no process, such as {@code /proc/meminfo}: every failure is an {@link UncheckedIOException}. */
    static ProcFile system(Path path) {
        return new ProcFile(NO_PROCESS, path);
    }

    Path path() {
        return path;
    }

    boolean isOpen() {
        return channel != null;
    }

    /**
     * Reads the whole file into {@code buffer}, opening it first if it is not open.
     *
     * @return the number of bytes, now at the start of {@code buffer.bytes()}
     * @throws ProcessExitedException if the file of a process is gone or the kernel answers ESRCH
     * @throws ProcessAccessDeniedException if the kernel refuses to open the file of a process
     * @throws UncheckedIOException if the file cannot be read for another reason
     */
    int read(ProcBuffer buffer) {
        boolean opening = channel == null;
        try {
            if (opening) {
                channel = FileChannel.open(path);
            }
            return buffer.readAll(channel);
        } catch (NoSuchFileException e) {
            close();
            // a file of a process that never opened: no process has this pid, which is not an exit seen here
            throw opening && pid != NO_PROCESS && !Files.isDirectory(path.getParent())
                    ? new NoSuchProcessException(pid) : failure(e);
        } catch (IOException e) {
            close();
            throw failure(e);
        }
    }

    private RuntimeException failure(IOException e) {
        return pid == NO_PROCESS ? failure(path, e) : failure(pid, path, e);
    }

    /**
     * What failing to read {@code path}, a file of process {@code pid}, means: the process has exited (the file is
     * gone or the kernel answers ESRCH), access was refused, or another I/O error.
     */
    static RuntimeException failure(long pid, Path path, IOException e) {
        if (e instanceof NoSuchFileException || String.valueOf(e.getMessage()).contains("No such process")) {
            return new ProcessExitedException(pid);
        }
        if (e instanceof AccessDeniedException) {
            return new ProcessAccessDeniedException(pid, path, e);
        }
        return new UncheckedIOException("could not read: file=" + path + ", pid=" + pid, e);
    }

    /** What failing to read {@code path}, a file of no process, means: always an I/O error. */
    static UncheckedIOException failure(Path path, IOException e) {
        return new UncheckedIOException("could not read: file=" + path, e);
    }

    /** Closes the file if it is open; idempotent. */
    @Override
    public void close() {
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // a read-only /proc file has nothing to flush; the descriptor is released either way
            }
        }
    }

    @Override
    public String toString() {
        return "ProcFile[" + path + (channel == null ? ", closed]" : ", open]");
    }
}
