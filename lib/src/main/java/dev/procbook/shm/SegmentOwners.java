package dev.procbook.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who created which segment, so that segments left by a killed process can be found and unlinked.
 *
 * <p>A process that creates segments keeps a lease file {@code /dev/shm/procbook-owner-PID-START}, where START is its
 * start time in milliseconds since the epoch (so a reused pid is not taken for the owner), listing one segment a
 * line as {@code INODE NAME}. The segment files themselves stay exactly what Python or an Arrow reader expects. Unlink
 * removes the line, and the last unlink the lease. A lease whose process is gone, or is another process with the
 * same pid, is abandoned: {@link #reclaimAbandoned()} unlinks each listed segment that still has the listed inode
 * (a name taken again since is left alone) and then the lease.
 *
 * <p>At a normal exit, a hook unlinks what this process still owns, as Python's resource tracker unlinks leaked
 * segments at shutdown; a process killed with SIGKILL or halted runs no hook, and its lease is what is left.
 */
final class SegmentOwners {

    static final String LEASE_PREFIX = "procbook-owner-";
    private static final Object LOCK = new Object();
    private static final Map<String, Long> OWNED = new LinkedHashMap<>();
    /** Guarded by LOCK. */
    private static boolean hookAdded;

    private SegmentOwners() {
    }

    /** The lease file of this process. */
    static Path ownLease() {
        ProcessHandle self = ProcessHandle.current();
        return SegmentNames.DIRECTORY.resolve(LEASE_PREFIX + self.pid() + "-" + startMillis(self).orElse(0L));
    }

    /** Records that this process created segment {@code name}, whose file has inode {@code inode}. */
    static void register(String name, long inode) {
        synchronized (LOCK) {
            if (!hookAdded) {
                Runtime.getRuntime().addShutdownHook(new Thread(SegmentOwners::unlinkOwned, "procbook-shm-unlink"));
                hookAdded = true;
            }
            OWNED.put(name, inode);
            writeLease();
        }
    }

    /** Unlinks every segment this process created and still owns, if its inode is the one created, and the lease. */
    static void unlinkOwned() {
        synchronized (LOCK) {
            OWNED.forEach((name, inode) -> {
                Path file = SegmentNames.DIRECTORY.resolve(name);
                try {
                    if (inode(file) == inode) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException | UncheckedIOException e) {
                    // gone already
                }
            });
            OWNED.clear();
            writeLease();
        }
    }

    /**
     * Removes {@code file}, made for {@code name} by a creation that did not finish, and releases the name; an error
     * removing it is left to the reclaim of abandoned segments, as what ended the creation matters more.
     */
    static void removeUnfinished(String name, Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left to the reclaim of abandoned segments
        } finally {
            release(name);
        }
    }

    /** Records that segment {@code name} is gone. */
    static void release(String name) {
        synchronized (LOCK) {
            if (OWNED.remove(name) != null) {
                writeLease();
            }
        }
    }

    /** The inode of {@code file}. */
    static long inode(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read inode: path=" + file, e);
        }
    }

    private static void writeLease() {
        Path lease = ownLease();
        try {
            if (OWNED.isEmpty()) {
                Files.deleteIfExists(lease);
                return;
            }
            StringBuilder text = new StringBuilder();
            OWNED.forEach((name, inode) -> text.append(inode).append(' ').append(name).append('\n'));
            Path tmp = lease.resolveSibling("." + lease.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, lease, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write lease: path=" + lease, e);
        }
    }

    /**
     * Unlinks the segments of every abandoned lease in /dev/shm and the leases, and returns the names of the
     * segments unlinked.
     *
     * @throws UncheckedIOException if /dev/shm cannot be listed
     */
    static List<String> reclaimAbandoned() {
        List<String> reclaimed = new ArrayList<>();
        try (DirectoryStream<Path> leases = Files.newDirectoryStream(SegmentNames.DIRECTORY, LEASE_PREFIX + "*")) {
            for (Path lease : leases) {
                if (isAbandoned(lease.getFileName().toString())) {
                    reclaimed.addAll(reclaim(lease));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list: path=" + SegmentNames.DIRECTORY, e);
        }
        return reclaimed;
    }

    /** The names of the segments listed in the lease of process {@code pid}, if it has one. */
    static List<String> leasedBy(long pid) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> leases = Files.newDirectoryStream(SegmentNames.DIRECTORY,
                LEASE_PREFIX + pid + "-*")) {
            for (Path lease : leases) {
                for (String line : readLines(lease)) {
                    names.add(line.substring(line.indexOf(' ') + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list: path=" + SegmentNames.DIRECTORY, e);
        }
        return names;
    }

    /** Whether the lease named {@code leaseName} belongs to no living process. */
    static boolean isAbandoned(String leaseName) {
        String[] parts = leaseName.substring(LEASE_PREFIX.length()).split("-");
        if (parts.length != 2) {
            return false;
        }
        long pid;
        long start;
        try {
            pid = Long.parseLong(parts[0]);
            start = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Long> actual = startMillis(process.get());
        // a process we cannot see the start of is taken for the owner: never unlink a living process's segments
        return actual.isPresent() && start != 0 && Math.abs(actual.get() - start) > 1000;
    }

    private static List<String> reclaim(Path lease) throws IOException {
        List<String> reclaimed = new ArrayList<>();
        for (String line : readLines(lease)) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = line.substring(space + 1);
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
                continue; // not a line we wrote
            }
            Path file = SegmentNames.DIRECTORY.resolve(name);
            try {
                if (Long.parseLong(line.substring(0, space)) == inode(file)) {
                    Files.deleteIfExists(file);
                    reclaimed.add(name);
                }
            } catch (UncheckedIOException | NumberFormatException e) {
                // gone already, or a line we did not write
            }
        }
        Files.deleteIfExists(lease);
        return reclaimed;
    }

    private static List<String> readLines(Path lease) throws IOException {
        try {
            return Files.readAllLines(lease, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** The start time of {@code process} in milliseconds since the epoch, as /proc gives it (10 ms steps). */
    static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli);
    }
}
