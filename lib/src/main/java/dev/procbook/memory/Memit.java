package dev.procbook.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak memory of this JVM while a piece of code runs, like memory_profiler's {@code %memit}: the RSS before, and
 * the highest RSS a background thread ({@code procbook-memit-N}) saw while it ran. Within 2 s of a collection, the
 * RSS before is read once the heap the collection freed has gone back to the system (300 ms to 3 s later): read
 * sooner, that drop hid what the code touched.
 *
 * <p>{@code System.out.println(Memit.measure(() -> new long[50_000_000].clone()));} prints
 * {@code peak memory: 812.34 MiB, increment: 762.95 MiB}.
 */
public final class Memit {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(5);

    private Memit() {
    }

    /** The RSS before the code ran and the peak while it ran, in bytes. */
    public record Result(long baselineRss, long peakRss) {

        /** Returns {@code peakRss - baselineRss}. */
        public long increment() {
            return peakRss - baselineRss;
        }

        /** Returns memory_profiler's line: {@code peak memory: 123.45 MiB, increment: 3.21 MiB}. */
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "peak memory: %.2f MiB, increment: %.2f MiB",
                    peakRss / 1048576.0, increment() / 1048576.0);
        }
    }

    /**
     * Runs {@code code} on this thread while sampling RSS every 5 ms.
     *
     * @throws RuntimeException whatever {@code code} throws, once the sampling thread has stopped
     */
    public static Result measure(Runnable code) {
        return measure(code, DEFAULT_INTERVAL);
    }

    /**
     * Runs {@code code} on this thread while sampling RSS every {@code interval}.
     *
     * @throws RuntimeException whatever {@code code} throws, once the sampling thread has stopped
     */
    public static Result measure(Runnable code, Duration interval) {
        MemoryProfiler.Probe probe = new MemoryProfiler.Probe();
        long baseline = probe.settledRss(); // not while a collection's freed heap is still being given back
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(probe.rss(), Math::max);
                try {
                    Thread.sleep(interval.toMillis(), interval.toNanosPart() % 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "procbook-memit-" + THREADS.incrementAndGet());
        sampler.setDaemon(true);
        sampler.start();
        try {
            code.run();
        } finally {
            sampler.interrupt();
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        peak.accumulateAndGet(probe.rss(), Math::max);
        return new Result(baseline, peak.get());
    }
}
