package dev.procbook.process;

import dev.procbook.memory.ProcLimits;
import dev.procbook.memory.ProcPaths;

/**
 * How many worker JVMs this machine can start at once: the smallest of three bounds, each of which a start past it
 * would hit as a failure far less clear than this refusal.
 *
 * <ul>
 *   <li>memory: {@code MemAvailable} of {@code /proc/meminfo} over {@value #BYTES_PER_WORKER} bytes a worker (a
 *       fresh worker is ~43 MB resident; its first tasks need more), so the pool does not push the machine into
 *       swapping or the OOM killer;
 *   <li>processes: the soft {@code Max processes} of {@code /proc/self/limits} ({@code ulimit -u}), which counts
 *       threads, over {@value #THREADS_PER_WORKER} threads a worker (a fresh one runs 16);
 *   <li>cores: {@value #WORKERS_PER_CORE} workers a core; past that, each JVM's start alone (~0.3 s of a core)
 *       makes the pool take minutes to start, and tasks only wait for their turn on a core.
 * </ul>
 * The system property {@value #PROPERTY} replaces the rule with a number of one's own.
 */
final class WorkerLimit {

    static final String PROPERTY = "procbook.maxWorkers";
    static final long BYTES_PER_WORKER = 64L << 20;
    static final int THREADS_PER_WORKER = 20;
    static final int WORKERS_PER_CORE = 32;

    private WorkerLimit() {
    }

    /**
     * Refuses {@code n} workers if this machine cannot start them.
     *
     * @throws TooManyWorkersException naming the limit, what sets it and how to raise it
     */
    static void check(int n) {
        String own = System.getProperty(PROPERTY);
        if (own != null) {
            int limit = Integer.parseInt(own.trim());
            if (n > limit) {
                throw new TooManyWorkersException(n, limit, "property", PROPERTY + "=" + own,
                        "start fewer, or raise -D" + PROPERTY);
            }
            return;
        }
        check(n, memAvailable(), maxProcesses(), Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #check(int)} for a machine with these figures; a figure of -1 is unknown and bounds nothing. */
    static void check(int n, long memAvailableBytes, long maxProcesses, int cores) {
        String remedy = " or set -D" + PROPERTY + "=N to allow N";
        if (memAvailableBytes >= 0 && n > memAvailableBytes / BYTES_PER_WORKER) {
            throw new TooManyWorkersException(n, (int) Math.min(Integer.MAX_VALUE, memAvailableBytes / BYTES_PER_WORKER),
                    "memory", "MemAvailable " + (memAvailableBytes >> 20) + " MiB / " + (BYTES_PER_WORKER >> 20)
                            + " MiB a worker", "free memory or start fewer," + remedy);
        }
        if (maxProcesses >= 0 && n > maxProcesses / THREADS_PER_WORKER) {
            throw new TooManyWorkersException(n, (int) Math.min(Integer.MAX_VALUE, maxProcesses / THREADS_PER_WORKER),
                    "processes", "ulimit -u " + maxProcesses + " / " + THREADS_PER_WORKER + " threads a worker",
                    "raise it with ulimit -u, or start fewer," + remedy);
        }
        if (n > (long) WORKERS_PER_CORE * cores) {
            throw new TooManyWorkersException(n, WORKERS_PER_CORE * cores, "cores",
                    WORKERS_PER_CORE + " workers a core x " + cores + " cores", "start fewer," + remedy);
        }
    }

    private static long memAvailable() {
        return ProcLimits.memAvailableBytes(ProcPaths.system());
    }

    private static long maxProcesses() {
        return ProcLimits.maxProcesses(ProcPaths.system());
    }
}
