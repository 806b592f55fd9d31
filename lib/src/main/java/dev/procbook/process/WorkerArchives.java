package dev.procbook.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this process knows of its workers' class-data archives ({@link WorkerArchive}): which it failed to make (not
 * tried again), which it has marked used, and a lock per directory between its threads. The {@link WorkerLauncher}
 * of this process's wiring holds the one workers start with.
 */
final class WorkerArchives {

    final Set<String> failed = ConcurrentHashMap.newKeySet();
    final Set<Path> used = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** The JVM options that make a worker started with {@code options} use its archive, creating it if needed. */
    List<String> jvmOptions(WorkerOptions options) {
        Path dir = options.archiveDirectory();
        if (dir == null) {
            return List.of();
        }
        WorkerArchive archive = new WorkerArchive(dir, options, this);
        Path made = archive.ensure();
        return made == null ? List.of() : archive.useOptions(made);
    }

    /** The archive for these options in {@code directory}, made now if missing or damaged; null if none can be. */
    Path ensure(Path directory, WorkerOptions options) {
        return new WorkerArchive(directory, options, this).ensure();
    }

    /** The lock that this process's threads take to make an archive in {@code directory}. */
    Object lock(Path directory) {
        return locks.computeIfAbsent(directory.toString(), k -> new Object());
    }
}
