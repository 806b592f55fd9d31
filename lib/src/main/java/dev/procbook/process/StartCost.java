package dev.procbook.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * What starting workers costs, by the protocol of Python's {@code bench/python/pool_start.py}: a pool of two made
 * until one trivial task has returned; and two floors under it, {@code java -version} (a JVM's own start) and
 * {@link #connectBack} (as many bare JVMs as the pool has workers, started at once, each connecting back).
 *
 * <pre>{@code
 * StartCost.Times cold = StartCost.poolStarts(2, WorkerOptions.defaults(), 6);
 * StartCost.Times floor = StartCost.javaVersion(WorkerOptions.defaults().javaCommand(), 6);
 * StartCost.Times two = StartCost.connectBack(2, WorkerOptions.defaults(), 6);
 * }</pre>
 */
public final class StartCost {

    /**
     * Milliseconds of each repeat; the first is the cold one (it may make the class-data archive), the others warm.
     *
     * @param millis the time of each repeat, in order
     */
    public record Times(double[] millis) {

        /** The first repeat. */
        public double first() {
            return millis[0];
        }

        /** The median of the repeats after the first, as Python's baseline reports them. */
        public double warmMedian() {
            return Throughput.median(millis.length > 1 ? Arrays.copyOfRange(millis, 1, millis.length) : millis);
        }
    }

    private StartCost() {
    }

    /**
     * Times {@code repeats} times a pool of {@code processes} workers made with {@code options} until one trivial task
     * has returned (its close is not timed). With standby options, each repeat first waits until the standby workers
     * taken by the one before are back, as when a cell that makes a pool is run again.
     *
     * @throws IllegalArgumentException if {@code repeats} is not positive
     * @throws WorkerStartException     if a worker cannot be started
     */
    public static Times poolStarts(int processes, WorkerOptions options, int repeats) {
        requirePositive(repeats);
        double[] ms = new double[repeats];
        try {
            if (options.standby() > 0) {
                Worker.startStandby(options);
            }
            for (int i = 0; i < repeats; i++) {
                if (options.standby() > 0) {
                    awaitStandby(options, Math.min(processes, options.standby()));
                }
                long start = System.nanoTime();
                try (Pool pool = Pool.builder().processes(processes).workerOptions(options).build()) {
                    if (pool.apply(x -> x, 1).join() != 1) {
                        throw new IllegalStateException("pool answered wrongly");
                    }
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
            }
        } finally {
            if (options.standby() > 0) {
                Worker.closeStandby();
            }
        }
        return new Times(ms);
    }

    /**
     * Waits until {@code n} standby workers of {@code options} wait, for up to a minute.
     *
     * @throws IllegalStateException if they do not
     */
    public static void awaitStandby(WorkerOptions options, int n) {
        if (options.standby() > 0) {
            Worker.startStandby(options);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Worker.standbyWaiting(options) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("standby workers did not start: waited=60 s, wanted=" + n);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.procbook.process.wire.WaitInterruptedException("standby workers", e);
            }
        }
    }

    /**
     * Times {@code repeats} runs of {@code java -XX:+UseSerialGC -version} to their end: what any worker's start
     * costs at least.
     *
     * @throws IllegalArgumentException if {@code repeats} is not positive
     * @throws UncheckedIOException     if {@code java} cannot be run
     */
    public static Times javaVersion(Path java, int repeats) {
        requirePositive(repeats);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            try {
                new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-version").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run: java=" + java, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.procbook.process.wire.WaitInterruptedException("java -version", e);
            }
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        return new Times(ms);
    }

    /**
     * Times {@code repeats} times {@code processes} JVMs started at once with the JVM options of {@code options}
     * (no class-data archive of Procbook's), each running {@link StartFloor}, until every one has connected a
     * Unix-domain socket back to this process and written a byte: the floor under {@code poolStarts(processes, ...)}
     * that the JDK and this machine's cores set, whatever a worker does.
     *
     * @throws IllegalArgumentException if {@code processes} or {@code repeats} is not positive
     * @throws UncheckedIOException     if {@code java} cannot be run, or a JVM exits or times out before connecting
     */
    public static Times connectBack(int processes, WorkerOptions options, int repeats) {
        requirePositive(repeats);
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be positive: processes=" + processes);
        }
        try {
            return ConnectBackFloor.time(processes, options, repeats);
        } catch (IOException e) {
            throw new UncheckedIOException("connect-back floor: java=" + options.javaCommand(), e);
        }
    }

    private static void requirePositive(int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be positive: repeats=" + repeats);
        }
    }
}
