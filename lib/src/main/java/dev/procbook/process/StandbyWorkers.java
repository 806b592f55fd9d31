package dev.procbook.process;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * Standby workers: the {@link Standby} of this process's {@link ProcessServices} keeps them, this class starts and
 * warms them.
 *
 * <p>A standby worker has connected and run one small task, and (as every worker does on a second thread) opened
 * the jars of its class path, so the first real task finds them open and the decoding of lambdas warm. Every start
 * gets a fresh process. At this JVM's exit, waiting workers are killed.
 */
final class StandbyWorkers {

    private StandbyWorkers() {
    }

    /** A standby of workers, empty until its first take or start. */
    static Standby<Worker> create() {
        return new Standby<>("procbook-standby", StandbyWorkers::startWarm, Worker::isReady, Worker::terminate);
    }

    /** Starts {@code n} workers and runs one task end to end in each. */
    private static List<Worker> startWarm(int n, WorkerOptions options) {
        List<Worker> started = Worker.startCold(n, options);
        List<CompletableFuture<Boolean>> warm = new ArrayList<>();
        for (Worker w : started) {
            // one task end to end, which also runs the warm-ups that libraries declare; WorkerMain.Prewarm
            // opens the jars meanwhile
            warm.add(w.submit(StandbyWorkers::warmUp));
        }
        try {
            warm.forEach(CompletableFuture::join);
        } catch (RuntimeException e) {
            started.forEach(Worker::terminate);
            throw e;
        }
        return started;
    }

    /** Runs in a standby worker: every {@link WorkerWarmup} on its class path, each failure skipped. */
    static Boolean warmUp() {
        for (WorkerWarmup w : ServiceLoader.load(WorkerWarmup.class)) {
            try {
                w.warm();
            } catch (RuntimeException | LinkageError e) {
                // a warm-up is an optimization: the worker serves tasks without it
            }
        }
        return Boolean.TRUE;
    }
}
