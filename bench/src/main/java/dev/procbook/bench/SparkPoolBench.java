package dev.procbook.bench;

import dev.procbook.memory.MemoryByRole;
import dev.procbook.process.Pool;
import dev.procbook.process.SerializableFunction;
import dev.procbook.spark.LoopbackCluster;
import dev.procbook.spark.SparkDriver;
import dev.procbook.spark.SparkHome;
import dev.procbook.spark.SparkPool;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import tech.tablesaw.api.Table;

/**
 * {@code SparkPool} in {@code local[2]} and on a loopback cluster of two one-core workers, beside {@code Pool(2)}:
 * 10 000 small items ({@code x -> 2x + 1}, automatic chunks) and 100 tasks of 50 ms (one item a task). Start costs
 * are reported apart from per-job costs: the first job of each kind, then the median of the warm ones. The three
 * ways are columns of one table ({@code impl}: pool2, local2, cluster2); there is no Python baseline.
 *
 * <p>usage: {@code java -cp procbook-bench.jar:spark/target/spark-home/jars/* -Dprocbook.spark.home=...
 * dev.procbook.bench.SparkPoolBench [--quick]}. The cluster's executors get this jar through {@code spark.jars}.
 */
public final class SparkPoolBench {

    /** One way of running a map: Pool's or SparkPool's. */
    private interface IntMap {
        List<Integer> map(SerializableFunction<Integer, Integer> f, List<Integer> items, int chunkSize);
    }

    private SparkPoolBench() {
    }

    static SerializableFunction<Integer, Integer> small() {
        return x -> 2 * x + 1;
    }

    static SerializableFunction<Integer, Integer> sleep50() {
        return x -> {
            Thread.sleep(50);
            return x;
        };
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Figures.quick(args);
        int smallReps = quick ? 5 : 11;
        int sleepReps = quick ? 2 : 5;
        long tScript = System.nanoTime();
        SparkHome home = SparkHome.find();
        String benchJar = Path.of(SparkPoolBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();

        long t0 = System.nanoTime();
        try (Pool pool = Pool.create(2)) {
            pool.apply(x -> x, 1).join();
            emit("pool2", "start", "pool_and_first_task", ms(t0), "ms");
            jobs("pool2", pool::map, smallReps, sleepReps);
            emit("pool2", "memory", "pss_all_processes", pss(MemoryByRole.of()
                    .add("bench", ProcessHandle.current().pid()).addAll("worker", pool.pids()).measure("pool")),
                    "MiB");
        }

        t0 = System.nanoTime();
        try (SparkDriver driver = SparkDriver.start("local[2]"); SparkPool pool = driver.pool()) {
            double context = ms(t0);
            pool.apply(x -> x, 1).join();
            emit("local2", "start", "context", context, "ms");
            emit("local2", "start", "pool_and_first_task", ms(t0), "ms");
            jobs("local2", pool::map, smallReps, sleepReps);
            emit("local2", "memory", "pss_all_processes", pss(MemoryByRole.of()
                    .add("bench", ProcessHandle.current().pid()).measure("local")), "MiB");
        }

        t0 = System.nanoTime();
        try (LoopbackCluster cluster = LoopbackCluster.start(home, 2, true)) {
            double daemons = ms(t0);
            long t1 = System.nanoTime();
            try (SparkDriver driver = SparkDriver.start(cluster.masterUrl(), Map.of("spark.jars", benchJar));
                 SparkPool pool = driver.pool()) {
                double context = ms(t1);
                pool.map(x -> x, List.of(1, 2), 1); // both executors up
                emit("cluster2", "start", "master_and_workers", daemons, "ms");
                emit("cluster2", "start", "context", context, "ms");
                emit("cluster2", "start", "pool_and_first_task", ms(t0), "ms");
                jobs("cluster2", pool::map, smallReps, sleepReps);
                emit("cluster2", "memory", "pss_all_processes", pss(MemoryByRole.of()
                        .add("bench", ProcessHandle.current().pid()).measure("driver"))
                        + pss(cluster.memory("cluster")), "MiB");
            }
        }
        emit("java", "script", "leftover_children", ProcessHandle.current().children().count(), "count");
        emit("java", "script", "script_wall", (System.nanoTime() - tScript) / 1e9, "s");
    }

    private static void jobs(String impl, IntMap map, int smallReps, int sleepReps) {
        List<Integer> small = IntStream.range(0, 10_000).boxed().toList();
        List<Integer> expected = small.stream().map(x -> 2 * x + 1).toList();
        double[] smallMs = repeat(smallReps, () -> check(map.map(small(), small, 0), expected));
        emit(impl, "small_items_10000", "first", smallMs[0], "ms");
        emit(impl, "small_items_10000", "warm_median", Figures.median(rest(smallMs)), "ms");

        List<Integer> hundred = IntStream.range(0, 100).boxed().toList();
        double[] sleepMs = repeat(sleepReps, () -> check(map.map(sleep50(), hundred, 1), hundred));
        emit(impl, "tasks_100_of_50ms", "first", sleepMs[0], "ms");
        emit(impl, "tasks_100_of_50ms", "warm_median", Figures.median(rest(sleepMs)), "ms");
        emit(impl, "tasks_100_of_50ms", "floor_two_slots", 100 * 50 / 2.0, "ms");
    }

    private static double[] repeat(int n, Runnable job) {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            job.run();
            ms[i] = ms(t);
        }
        return ms;
    }

    private static void check(List<Integer> got, List<Integer> expected) {
        if (!got.equals(expected)) {
            throw new IllegalStateException("wrong results: size=" + got.size() + ", expected=" + expected.size());
        }
    }

    private static double[] rest(double[] samples) {
        return samples.length > 1 ? Arrays.copyOfRange(samples, 1, samples.length) : samples;
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private static double pss(Table t) {
        return t.doubleColumn("pss_mib").sum();
    }

    /** A figure in the column {@code impl}, so that the three ways print side by side. */
    private static void emit(String impl, String bench, String metric, double value, String unit) {
        System.out.printf(Locale.ROOT, "{\"bench\": \"spark_pool.%s\", \"impl\": \"%s\", \"metric\": \"%s\", "
                + "\"value\": %.6g, \"unit\": \"%s\"}%n", bench, impl, metric, value, unit);
        System.out.flush();
    }
}
