package dev.procbook.manager;

import dev.procbook.process.Pool;
import dev.procbook.process.StartCost;
import dev.procbook.process.Throughput;
import dev.procbook.process.WorkerOptions;
import dev.procbook.process.wire.WaitInterruptedException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What proxy calls cost, by the protocol of Python's {@code bench/python/manager_proxy.py}: a counter in a manager
 * ({@code inc(k)}, field {@code value}), called through a typed proxy or read through a namespace proxy, from this
 * thread or from two worker processes at once; and what starting a manager costs until its first call answered.
 *
 * <pre>{@code
 * try (Manager m = Manager.start()) {
 *     ProxyCost.Calls typed = ProxyCost.typedCalls(m, 10_000, 5);
 *     ProxyCost.Calls both = ProxyCost.fromWorkers(m, 2, 10_000);
 * }
 * }</pre>
 */
public final class ProxyCost {

    /**
     * Calls in a round of warm-up, made through the loop that then times them: the JIT compiles the call path on both
     * sides meanwhile, and the timing loop too, which in a fresh worker would otherwise run interpreted and be
     * compiled during the measured calls (two clients of 10 000 calls: 38-65k calls/s, 94-119k a second time).
     */
    private static final int WARMUP = 20_000;
    /**
     * Rounds of warm-up at most: rounds go on until two in a row complete no compilation in this JVM (one is not
     * enough: a compilation still running when a round ends is counted only when it completes). With client and
     * manager on one core, a compiler thread still at work takes the core from them for milliseconds at a time, and
     * the waits it lengthens go to sleep (two clients: 40-46k calls/s while the workers' compilers ran, 220k after).
     */
    private static final int MAX_WARMUP_ROUNDS = 10;

    /** The counter the measurements call: {@code inc} through a typed proxy, {@code value} through a namespace one. */
    public interface Counter {
        /** Adds {@code k} and returns the new value. */
        long inc(long k);
    }

    /** The counter's implementation, as Python's baseline has it. */
    public static class SimpleCounter implements Counter {
        /** The count, read by name through a namespace proxy. */
        public long value;

        @Override
        public long inc(long k) {
            value += k;
            return value;
        }
    }

    /**
     * Figures of calls: median and 99th percentile of one call's round trip, in microseconds, and calls a second.
     *
     * @param medianMicros the median round trip
     * @param p99Micros    the 99th percentile
     * @param perSecond    calls a second (all clients together, when several call)
     */
    public record Calls(double medianMicros, double p99Micros, double perSecond) {
    }

    /**
     * What starting a manager costs, in milliseconds, each repeat apart: until it answers (start), then making an
     * object and its first call answered, then closing it.
     *
     * @param start     {@code Manager.start} until it returned
     * @param firstCall {@code create} and one call
     * @param shutdown  {@code close}
     */
    public record Lifecycle(StartCost.Times start, StartCost.Times firstCall, StartCost.Times shutdown) {
    }

    private ProxyCost() {
    }

    /**
     * {@code repeats} runs of {@code n} calls of {@code inc(1)} through a typed proxy from this thread, after a
     * warm-up; each figure is the median over the runs.
     */
    public static Calls typedCalls(Manager manager, int n, int repeats) {
        Counter counter = manager.create(Counter.class, SimpleCounter::new);
        try {
            return runs(n, repeats, () -> counter.inc(1));
        } finally {
            Proxies.close(counter);
        }
    }

    /** As {@link #typedCalls}, reading the field {@code value} through a namespace proxy. */
    public static Calls namespaceGets(Manager manager, int n, int repeats) {
        NamespaceProxy counter = manager.namespace(SimpleCounter::new);
        try {
            return runs(n, repeats, () -> counter.get("value"));
        } finally {
            counter.close();
        }
    }

    private static Calls runs(int n, int repeats, Runnable call) {
        warmUp(call);
        double[] medians = new double[repeats];
        double[] p99s = new double[repeats];
        double[] rates = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long[] timed = timedCalls(n, call);
            double[] micros = micros(timed, n);
            medians[r] = Throughput.median(micros);
            p99s[r] = Throughput.percentile(micros, 99);
            rates[r] = n / ((timed[n + 1] - timed[n]) / 1e9);
        }
        return new Calls(Throughput.median(medians), Throughput.median(p99s), Throughput.median(rates));
    }

    /** Rounds of {@link #WARMUP} calls through the timing loop until two in a row completed no compilation. */
    private static void warmUp(Runnable call) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int quiet = 0;
        for (int round = 0; round < MAX_WARMUP_ROUNDS && quiet < 2; round++) {
            long compiling = jit.getTotalCompilationTime();
            timedCalls(WARMUP, call);
            quiet = jit.getTotalCompilationTime() == compiling ? quiet + 1 : 0;
        }
    }

    /** Each call's nanoseconds, then the start and end of the run as {@code System.nanoTime()}. */
    private static long[] timedCalls(int n, Runnable call) {
        long[] out = new long[n + 2];
        out[n] = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            call.run();
            out[i] = System.nanoTime() - t0;
        }
        out[n + 1] = System.nanoTime();
        return out;
    }

    private static double[] micros(long[] timed, int n) {
        double[] micros = new double[n];
        for (int i = 0; i < n; i++) {
            micros[i] = timed[i] / 1e3;
        }
        return micros;
    }

    /**
     * {@code clients} worker processes of a new pool each make {@code n} calls of {@code inc(1)} on one counter, all
     * starting together after a warm-up; see {@link #fromWorkers(Manager, Pool, int)}.
     *
     * @throws IllegalStateException if a client fails or does not finish within a minute
     */
    public static Calls fromWorkers(Manager manager, int clients, int n) {
        try (Pool pool = Pool.create(clients)) {
            return fromWorkers(manager, pool, n);
        }
    }

    /**
     * Each worker of {@code pool} makes {@code n} calls of {@code inc(1)} on one counter, all starting together after
     * a warm-up; calls a second count every client's calls over the span from the first start to the last end
     * ({@code System.nanoTime} is one clock for every process of the machine). Runs again on the same pool find its
     * workers' code compiled.
     *
     * @throws IllegalStateException if a client fails or does not finish within a minute
     */
    public static Calls fromWorkers(Manager manager, Pool pool, int n) {
        int clients = pool.pids().size();
        Counter counter = manager.create(Counter.class, SimpleCounter::new);
        Value ready = manager.value(0);
        Event go = manager.event();
        try {
            List<CompletableFuture<long[]>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                runs.add(pool.submit(() -> {
                    Runnable inc = () -> counter.inc(1);
                    warmUp(inc);
                    ready.incrementAndGet();
                    while (!go.isSet()) {
                        Thread.onSpinWait(); // polled, not awaited: a woken thread may start milliseconds late
                    }
                    return timedCalls(n, inc);
                }));
            }
            while (ready.get() < clients && runs.stream().noneMatch(CompletableFuture::isDone)) {
                Thread.onSpinWait();
            }
            go.set();
            List<double[]> all = new ArrayList<>();
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (CompletableFuture<long[]> run : runs) {
                long[] timed = run.get(1, TimeUnit.MINUTES);
                all.add(micros(timed, n));
                first = Math.min(first, timed[n]);
                last = Math.max(last, timed[n + 1]);
            }
            double[] micros = all.stream().flatMapToDouble(Arrays::stream).toArray();
            return new Calls(Throughput.median(micros), Throughput.percentile(micros, 99),
                    clients * (double) n / ((last - first) / 1e9));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("the clients of a proxy cost run", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a client failed or hung: clients=" + clients, e);
        } finally {
            Proxies.close(counter);
            Proxies.close(ready);
            Proxies.close(go);
        }
    }

    /** Waits until a standby manager of {@code options} waits, as when a cell that starts one is run again. */
    private static void awaitStandby(WorkerOptions options) {
        Manager.startStandby(options);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (Manager.standbyWaiting(options) < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no standby manager started: waited=60 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.procbook.process.wire.WaitInterruptedException("standby manager", e);
            }
        }
    }

    /**
     * {@code repeats} times: a manager started with {@code options}, a counter made and called once, the manager
     * closed. With standby options, each repeat first waits for a standby manager, as a notebook cell run again would
     * find one.
     *
     * @throws IllegalArgumentException if {@code repeats} is not positive
     */
    public static Lifecycle lifecycle(WorkerOptions options, int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be positive: repeats=" + repeats);
        }
        double[] start = new double[repeats];
        double[] first = new double[repeats];
        double[] shut = new double[repeats];
        try {
            for (int i = 0; i < repeats; i++) {
                if (options.standby() > 0) {
                    awaitStandby(options);
                }
                long t0 = System.nanoTime();
                Manager m = Manager.start(options);
                long t1 = System.nanoTime();
                try {
                    m.create(Counter.class, SimpleCounter::new).inc(1);
                } finally {
                    long t2 = System.nanoTime();
                    m.close();
                    long t3 = System.nanoTime();
                    start[i] = (t1 - t0) / 1e6;
                    first[i] = (t2 - t1) / 1e6;
                    shut[i] = (t3 - t2) / 1e6;
                }
            }
        } finally {
            if (options.standby() > 0) {
                Manager.closeStandby();
            }
        }
        return new Lifecycle(new StartCost.Times(start), new StartCost.Times(first), new StartCost.Times(shut));
    }
}
