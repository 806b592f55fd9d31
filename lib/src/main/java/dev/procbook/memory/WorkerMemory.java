package dev.procbook.memory;

import dev.procbook.process.Pool;
import dev.procbook.process.WorkerOptions;
import java.util.List;

/**
 * What one pool worker weighs once it has run a task: its PSS, RSS and clean shared pages (the class-data archive,
 * the JVM's code), averaged over the workers of a pool, in MiB.
 *
 * <pre>{@code
 * WorkerMemory lean = WorkerMemory.of(WorkerOptions.defaults(), 2);
 * }</pre>
 *
 * @param pssMib         proportional set size
 * @param rssMib         resident set size
 * @param sharedCleanMib resident pages shared with other processes and never written
 */
public record WorkerMemory(double pssMib, double rssMib, double sharedCleanMib) {

    private static final double MIB = 1024 * 1024;

    /**
     * Starts a pool of {@code processes} workers with {@code options}, runs a trivial map on it, reads each worker's
     * memory and closes the pool.
     *
     * @throws IllegalArgumentException if {@code processes} is not positive
     * @throws dev.procbook.process.WorkerStartException if a worker cannot be started
     */
    public static WorkerMemory of(WorkerOptions options, int processes) {
        try (Pool pool = Pool.builder().processes(processes).workerOptions(options).build();
             ProcessMemoryReader reader = new ProcessMemoryReader()) {
            pool.map(x -> x, List.of(1, 2, 3, 4));
            double pss = 0;
            double rss = 0;
            double shared = 0;
            List<Long> pids = pool.pids();
            for (long pid : pids) {
                ProcessMemory m = reader.read(pid);
                pss += m.pss();
                rss += m.rss();
                shared += m.sharedClean();
            }
            int n = pids.size();
            return new WorkerMemory(pss / n / MIB, rss / n / MIB, shared / n / MIB);
        }
    }
}
