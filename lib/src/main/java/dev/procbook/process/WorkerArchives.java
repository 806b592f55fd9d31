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

    /**
     * How a worker starts with its archive: the JVM options that map it, and the {@link WorkerJar} to start
     * (null: start with {@code -cp}).
     */
    record Use(List<String> options, Path jar) {
        static final Use NONE = new Use(List.of(), null);
    }

    /** How a worker started with {@code options} uses its archive, made now if needed. */
    Use use(WorkerOptions options) {
        Path dir = options.archiveDirectory();
        if (dir == null) {
            return Use.NONE;
        }
        WorkerArchive archive = new WorkerArchive(dir, options, this);
        Path made = archive.ensure();
        return made == null ? Use.NONE : archive.use(made);
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
