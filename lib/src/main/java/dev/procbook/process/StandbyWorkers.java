package dev.procbook.process;

import dev.procbook.process.wire.DaemonThreads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Workers started ahead of need and kept waiting, per set of {@link WorkerOptions} with a {@code standby} count:
 * a start with those options takes them at once, and one background thread starts their replacements.
 *
 * <p>A standby worker has connected and run one small task, and (as every worker does on a second thread) opened
 * the jars of its class path, so the first real task finds them open and the decoding of lambdas warm. A worker is never returned here after use: every
 * start gets a fresh process. A standby worker that died while waiting is dropped, and when none can be started
 * the start with those options starts its own workers and reports their failure. At this JVM's exit, waiting
 * workers are killed.
 */
final class StandbyWorkers {

    /**
     * Replacements start this long after a take, so that their JVMs' start does not compete for the cores with the
     * first tasks of the pool that took the standby workers.
     */
    private static final long REFILL_DELAY_MILLIS = 500;
    private static final Map<WorkerOptions, Deque<Worker>> READY = new HashMap<>();
    /** The options a fill is scheduled for, with the generation it fills. */
    private static final Map<WorkerOptions, Long> FILLING = new HashMap<>();
    /** Counts {@link #closeAll()} calls: workers started before one are not kept after it. */
    private static long generation;
    private static final ExecutorService FILLER =
            Executors.newSingleThreadExecutor(DaemonThreads.factory("procbook-standby"));

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(StandbyWorkers::closeAll, "procbook-standby-close"));
    }

    private StandbyWorkers() {
    }

    /** Takes up to {@code n} live standby workers for {@code options}, and starts their replacements. */
    static List<Worker> take(int n, WorkerOptions options) {
        List<Worker> taken = new ArrayList<>();
        List<Worker> dead = new ArrayList<>();
        synchronized (READY) {
            Deque<Worker> ready = READY.computeIfAbsent(options, o -> new ArrayDeque<>());
            while (taken.size() < n && !ready.isEmpty()) {
                Worker w = ready.pollFirst();
                (w.isReady() ? taken : dead).add(w);
            }
            fillLater(options, REFILL_DELAY_MILLIS);
        }
        dead.forEach(Worker::terminate);
        taken.forEach(Worker::adoptByCurrentThread);
        return taken;
    }

    /** Starts the standby workers for {@code options} in the background, now. */
    static void start(WorkerOptions options) {
        synchronized (READY) {
            fillLater(options, 0);
        }
    }

    /** How many standby workers for {@code options} are waiting now. */
    static int waiting(WorkerOptions options) {
        synchronized (READY) {
            Deque<Worker> ready = READY.get(options);
            return ready == null ? 0 : ready.size();
        }
    }

    private static void fillLater(WorkerOptions options, long delayMillis) {
        long gen = generation;
        if (FILLING.putIfAbsent(options, gen) == null) {
            FILLER.execute(() -> fill(options, gen, delayMillis));
        }
    }

    /** Starts workers until {@code options.standby()} wait, unless {@link #closeAll()} ends generation {@code gen}. */
    private static void fill(WorkerOptions options, long gen, long delayMillis) {
        try {
            Thread.sleep(delayMillis);
            while (true) {
                int missing;
                synchronized (READY) {
                    if (gen != generation) {
                        return;
                    }
                    missing = options.standby() - READY.computeIfAbsent(options, o -> new ArrayDeque<>()).size();
                }
                if (missing <= 0) {
                    return;
                }
                List<Worker> started = Worker.startCold(missing, options);
                List<java.util.concurrent.CompletableFuture<Boolean>> warm = new ArrayList<>();
                for (Worker w : started) {
                    // one task end to end, which also runs the warm-ups that libraries declare; WorkerMain.Prewarm
                    // opens the jars meanwhile
                    warm.add(w.submit(StandbyWorkers::warmUp));
                }
                warm.forEach(java.util.concurrent.CompletableFuture::join);
                synchronized (READY) {
                    if (gen == generation) {
                        READY.computeIfAbsent(options, o -> new ArrayDeque<>()).addAll(started);
                        continue;
                    }
                }
                started.forEach(Worker::terminate);
                return;
            }
        } catch (RuntimeException e) {
            // No standby then: starts with these options fall back to starting workers themselves.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (READY) {
                FILLING.remove(options, gen);
            }
        }
    }

    /** Runs in a standby worker: every {@link WorkerWarmup} on its class path, each failure skipped. */
    static Boolean warmUp() {
        for (WorkerWarmup w : java.util.ServiceLoader.load(WorkerWarmup.class)) {
            try {
                w.warm();
            } catch (RuntimeException | LinkageError e) {
                // a warm-up is an optimization: the worker serves tasks without it
            }
        }
        return Boolean.TRUE;
    }

    /** Stops every standby worker; a later start with standby options starts new ones. */
    static void closeAll() {
        List<Worker> all = new ArrayList<>();
        synchronized (READY) {
            READY.values().forEach(all::addAll);
            READY.clear();
            FILLING.clear();
            generation++;
        }
        all.forEach(Worker::terminate);
    }
}
