package dev.procbook.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fake {@code /proc} in a test's temporary directory, laid out by {@link ProcPaths} as the readers read it, for
 * the tests that need processes, threads and files the real one cannot be made to show.
 *
 * <pre>{@code
 * FakeProc proc = FakeProc.at(tempDir).process(10, 1, "sh").process(11, 10, "sleep").children(10, 10, "11 ");
 * ProcessTree.of(10, proc.paths()).processes();
 * }</pre>
 * The root is the directory's real path, so that the files the readers keep open are named alike in
 * {@link OpenFiles}.
 */
final class FakeProc {

    private final ProcPaths paths;

    private FakeProc(Path root) {
        this.paths = ProcPaths.at(root);
    }

    /** A fake {@code /proc} in {@code dir}, an empty directory. */
    static FakeProc at(Path dir) {
        try {
            return new FakeProc(dir.toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException("no such directory: dir=" + dir, e);
        }
    }

    /** The paths the readers under test are given. */
    ProcPaths paths() {
        return paths;
    }

    /** The root, in place of {@code /proc}. */
    Path root() {
        return paths.root();
    }

    /** Process {@code pid}: a {@code stat} naming its parent and name, and a {@code cmdline} of the name alone. */
    FakeProc process(long pid, long ppid, String name) {
        write(paths.stat(pid), pid + " (" + name + ") S " + ppid + " 1 1 0 -1");
        return write(paths.cmdline(pid), name + "\0");
    }

    /** Sets {@code /proc/PID/stat} to {@code text}. */
    FakeProc stat(long pid, String text) {
        return write(paths.stat(pid), text);
    }

    /** Sets {@code /proc/PID/cmdline} to {@code text}, its arguments each ended by a NUL. */
    FakeProc cmdline(long pid, String text) {
        return write(paths.cmdline(pid), text);
    }

    /** Sets the children that thread {@code tid} of process {@code pid} started: pids, each followed by a space. */
    FakeProc children(long pid, long tid, String pids) {
        return write(paths.children(pid, tid), pids);
    }

    /** Sets {@code /proc/PID/smaps_rollup} to {@code text}. */
    FakeProc smapsRollup(long pid, String text) {
        return write(paths.smapsRollup(pid), text);
    }

    /** Sets {@code /proc/PID/smaps} to {@code text}. */
    FakeProc smaps(long pid, String text) {
        return write(paths.smaps(pid), text);
    }

    /** Sets {@code /proc/meminfo} to {@code text}. */
    FakeProc meminfo(String text) {
        return write(paths.meminfo(), text);
    }

    /**
     * Removes {@code file} as the kernel would, for a file a reader may hold open: the open one still reads what it
     * was opened on, so a test tells a kept file from a reopened one.
     */
    FakeProc remove(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove: file=" + file, e);
        }
        return this;
    }

    private FakeProc write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write: file=" + file, e);
        }
        return this;
    }
}
