package dev.procbook.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The temporary folders of drivers and loopback clusters ({@code procbook-spark-*}), each marked with the pid and
 * start time of the process that owns it, so that a folder left by a killed kernel is deleted when the next one
 * makes its own, and a folder whose owner still runs is never touched.
 */
final class AbandonedFolders {

    static final String PREFIX = "procbook-spark-";
    private static final String OWNER_FILE = ".owner";

    private AbandonedFolders() {
    }

    /** Makes a folder {@code procbook-spark-KIND-*} in the temporary folder, owned by this process. */
    static Path create(String kind) {
        sweep(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            Path dir = Files.createTempDirectory(PREFIX + kind + "-");
            markOwner(dir, ProcessHandle.current());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder: tmp=" + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /** Marks {@code dir} as owned by {@code owner}: a detached cluster's folder belongs to its master. */
    static void markOwner(Path dir, ProcessHandle owner) {
        try {
            Files.writeString(dir.resolve(OWNER_FILE), owner.pid() + "@" + startOf(owner), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark a folder's owner: dir=" + dir, e);
        }
    }

    /** Deletes the folders under {@code tmp} whose owner no longer runs; returns them. */
    static List<Path> sweep(Path tmp) {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && isAbandoned(dir)) {
                    try {
                        SparkDriver.deleteTree(dir);
                        deleted.add(dir);
                    } catch (UncheckedIOException e) {
                        // another process's sweep got there first, or a file is not ours: leave it
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable temporary folder: nothing to sweep
        }
        return deleted;
    }

    /** Whether {@code dir}'s owner has exited (or is another process with a reused pid). */
    static boolean isAbandoned(Path dir) {
        Path owner = dir.resolve(OWNER_FILE);
        String mark;
        try {
            mark = Files.readString(owner, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return false; // unmarked, or being made: not ours to judge
        }
        String[] parts = mark.split("@", 2);
        if (parts.length != 2) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isEmpty() || !process.get().isAlive() || !startOf(process.get()).equals(parts[1]);
    }

    private static String startOf(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toString).orElse("?");
    }
}
