package dev.procbook.bench;

import dev.procbook.process.Pool;
import dev.procbook.process.Worker;
import dev.procbook.process.WorkerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The counterpart of {@code pool_start.py}: start-up cost of a worker and of a pool.
 *
 * <p>A worker JVM is always a fresh process with a fresh runtime, so its figures are reported under Python's
 * {@code spawn} start method, the one that does the same thing (Java has no fork):
 * <ul>
 *   <li>{@code process_start_join}: {@code Worker.start()}, one trivial task, {@code close()} (Python's
 *       {@code Process(target=noop).start(); join()} cannot run a task without starting, so this is the nearest
 *       whole cycle);</li>
 *   <li>{@code pool2_create_first_task}: {@code Pool.create(2)} until one trivial task has returned;</li>
 *   <li>{@code pool2_teardown}: {@code close()} after that.</li>
 * </ul>
 * Reported as in Python: the median of the warm repeats (first excluded) and, separately, the first (cold) one.
 *
 * <p>usage: {@code java -cp procbook-bench.jar dev.procbook.bench.PoolStartBench [--quick]}
 */
public final class PoolStartBench {

    private PoolStartBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean quick = Figures.quick(args);
        int rProc = quick ? 11 : 41;
        int rPool = quick ? 6 : 21;
        long tScript = System.nanoTime();

        double[] procMs = new double[rProc];
        for (int i = 0; i < rProc; i++) {
            long t0 = System.nanoTime();
            try (Worker w = Worker.start()) {
                if (w.call(() -> 1) != 1) {
                    throw new IllegalStateException("worker answered wrongly");
                }
            }
            procMs[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] createMs = new double[rPool];
        double[] downMs = new double[rPool];
        for (int i = 0; i < rPool; i++) {
            long t0 = System.nanoTime();
            Pool pool = Pool.create(2);
            long t1;
            try {
                if (pool.apply(x -> x, 1).join() != 1) {
                    throw new IllegalStateException("pool answered wrongly");
                }
                t1 = System.nanoTime();
            } catch (RuntimeException e) {
                pool.terminate();
                throw e;
            }
            pool.close();
            long t2 = System.nanoTime();
            createMs[i] = (t1 - t0) / 1e6;
            downMs[i] = (t2 - t1) / 1e6;
        }
        double[] standbyMs = poolWithStandby(rPool);
        double[] helloMs = jvmVersion(rProc);
        String b = "pool_start.spawn";
        new Figures(b + ".process_start_join").emit("warm_median", Figures.median(rest(procMs)), "ms");
        new Figures(b + ".process_start_join").emit("first", procMs[0], "ms");
        new Figures(b + ".pool2_create_first_task").emit("warm_median", Figures.median(rest(createMs)), "ms");
        new Figures(b + ".pool2_create_first_task").emit("first", createMs[0], "ms");
        new Figures(b + ".pool2_teardown").emit("warm_median", Figures.median(rest(downMs)), "ms");
        // Standby workers are the counterpart of Python's forkserver: a process kept ready to make workers.
        new Figures("pool_start.forkserver.pool2_create_first_task", "pool_start.standby.pool2_create_first_task")
                .emit("warm_median", Figures.median(rest(standbyMs)), "ms");
        new Figures("pool_start.floor.java_version").emit("warm_median", Figures.median(rest(helloMs)), "ms");
        Figures script = new Figures("pool_start");
        script.emit("leftover_children", PipeQueueBench.leftoverChildren(), "count");
        script.emit("script_wall", (System.nanoTime() - tScript) / 1e9, "s");
    }

    /**
     * {@code Pool.create(2)} with standby workers until one trivial task has returned, each repeat after the
     * standby workers taken by the one before have been replaced, as when a cell that makes a pool is run again.
     */
    private static double[] poolWithStandby(int repeats) throws InterruptedException {
        WorkerOptions options = WorkerOptions.defaults().withStandby(2);
        double[] ms = new double[repeats];
        try {
            Worker.startStandby(options);
            for (int i = 0; i < repeats; i++) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (Worker.standbyWaiting(options) < 2) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("standby workers did not start within 60 s");
                    }
                    Thread.sleep(5);
                }
                long t0 = System.nanoTime();
                try (Pool pool = Pool.builder().processes(2).workerOptions(options).build()) {
                    if (pool.apply(x -> x, 1).join() != 1) {
                        throw new IllegalStateException("pool answered wrongly");
                    }
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        } finally {
            Worker.closeStandby();
        }
        return ms;
    }

    /** The floor under any worker's start: {@code java -version} run to its end, with the workers' GC. */
    private static double[] jvmVersion(int repeats) {
        WorkerOptions options = WorkerOptions.defaults();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            try {
                new ProcessBuilder(options.javaCommand().toString(), "-XX:+UseSerialGC", "-version")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static double[] rest(double[] xs) {
        return java.util.Arrays.copyOfRange(xs, 1, xs.length);
    }
}
