package dev.procbook.bench;

import dev.procbook.process.Pool;
import dev.procbook.process.StartCost;
import dev.procbook.process.Worker;
import dev.procbook.process.WorkerOptions;

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
 * Beside them, their floors from the same run: {@code java -version}, and one and two bare JVMs started at once
 * that each connect a Unix-domain socket back ({@link StartCost#connectBack}), with the cold pool's ratio to each.
 *
 * <p>usage: {@code java -cp procbook-bench.jar dev.procbook.bench.PoolStartBench [--quick]}
 */
public final class PoolStartBench {

    private PoolStartBench() {
    }

    public static void main(String[] args) {
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
        // Standby workers are the counterpart of Python's forkserver: a process kept ready to make workers.
        StartCost.Times standby = StartCost.poolStarts(2, WorkerOptions.defaults().withStandby(2), rPool);
        StartCost.Times hello = StartCost.javaVersion(WorkerOptions.defaults().javaCommand(), rProc);
        StartCost.Times connectOne = StartCost.connectBack(1, WorkerOptions.defaults(), rProc);
        StartCost.Times connectTwo = StartCost.connectBack(2, WorkerOptions.defaults(), rPool);
        String b = "pool_start.spawn";
        new Figures(b + ".process_start_join").emit("warm_median", Figures.median(rest(procMs)), "ms");
        new Figures(b + ".process_start_join").emit("first", procMs[0], "ms");
        new Figures(b + ".pool2_create_first_task").emit("warm_median", Figures.median(rest(createMs)), "ms");
        new Figures(b + ".pool2_create_first_task").emit("first", createMs[0], "ms");
        new Figures(b + ".pool2_teardown").emit("warm_median", Figures.median(rest(downMs)), "ms");
        new Figures("pool_start.forkserver.pool2_create_first_task", "pool_start.standby.pool2_create_first_task")
                .emit("warm_median", standby.warmMedian(), "ms");
        new Figures("pool_start.floor.java_version").emit("warm_median", hello.warmMedian(), "ms");
        new Figures("pool_start.floor.jvm_connect_back").emit("warm_median", connectOne.warmMedian(), "ms");
        new Figures("pool_start.floor.two_jvms_connect_back").emit("warm_median", connectTwo.warmMedian(), "ms");
        double pool2 = Figures.median(rest(createMs));
        Figures ratios = new Figures("pool_start.spawn.pool2_create_first_task");
        ratios.emit("over_java_version", pool2 / hello.warmMedian(), "x");
        ratios.emit("over_two_jvms_connect_back", pool2 / connectTwo.warmMedian(), "x");
        Figures script = new Figures("pool_start");
        script.emit("leftover_children", PipeQueueBench.leftoverChildren(), "count");
        script.emit("script_wall", (System.nanoTime() - tScript) / 1e9, "s");
    }

    private static double[] rest(double[] xs) {
        return java.util.Arrays.copyOfRange(xs, 1, xs.length);
    }
}
