package dev.procbook.bench;

import dev.procbook.shm.FrameColumn;
import dev.procbook.shm.FrameWarmup;
import dev.procbook.shm.SharedFrame;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.vector.FieldVector;

/**
 * The floors under {@code shm_frame.two_workers_sum_256MiB}, measured in this JVM after the same warm-up a standby
 * worker runs ({@link FrameWarmup}), beside numpy's in {@code shm_frame.py}:
 * <ul>
 *   <li>{@code warm_sum_median}: {@code sumLong()} over a mapping whose pages this process has touched before: the
 *       loop alone, bound by memory bandwidth;</li>
 *   <li>{@code first_touch_median}: attaching the frame again and summing once: the kernel fills this mapping's
 *       page tables as the loop first reads each page (4 KiB pages: /dev/shm has no huge pages here). Every worker
 *       that sums a column it has not read before pays this, in any language; the unmap at close is not timed;</li>
 *   <li>{@code two_threads_halves_median}: two threads of this JVM each summing half of the warm mapping;</li>
 *   <li>{@code two_first_touches_median}: two threads each attaching the frame for itself and summing it once, at the
 *       same time, as the two workers do: both fault in the same pages together, and each fault counts a page's
 *       sharer in memory both cores write, so the pair takes longer than one first touch alone.</li>
 * </ul>
 */
record SumFloors(double warmSumMedian, double firstTouchMedian, double twoThreadsHalvesMedian,
                 double twoFirstTouchesMedian) {

    private static final int WARM_REPEATS = 15;

    static SumFloors measure(SharedFrame frame, long expected, int repeats) {
        new FrameWarmup().warm();
        FrameColumn x = frame.column("x");
        double[] warm = new double[WARM_REPEATS];
        for (int i = 0; i < warm.length; i++) {
            long t0 = System.nanoTime();
            check(x.sumLong(), expected);
            warm[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] firstTouch = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            try (SharedFrame again = SharedFrame.attach(frame.name())) {
                check(again.column("x").sumLong(), expected);
                firstTouch[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return new SumFloors(Figures.median(warm), Figures.median(firstTouch), twoThreadsHalves(x, expected),
                twoFirstTouches(frame.name(), expected, repeats));
    }

    private static double twoFirstTouches(String name, long expected, int repeats) {
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> new Thread(r, "procbook-bench-touch"));
        try {
            double[] ms = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                try (SharedFrame a = SharedFrame.attach(name); SharedFrame b = SharedFrame.attach(name)) {
                    long t0 = System.nanoTime();
                    CompletableFuture<Long> one = CompletableFuture.supplyAsync(() -> a.column("x").sumLong(), threads);
                    CompletableFuture<Long> two = CompletableFuture.supplyAsync(() -> b.column("x").sumLong(), threads);
                    check(one.join(), expected);
                    check(two.join(), expected);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return Figures.median(ms);
        } finally {
            threads.shutdown();
        }
    }

    private static double twoThreadsHalves(FrameColumn x, long expected) {
        if (x.vectors().size() != 1) {
            return Double.NaN;
        }
        FieldVector v = x.vectors().get(0);
        int n = v.getValueCount();
        LongBuffer values = v.getDataBuffer().nioBuffer(0, n * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .asLongBuffer();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> new Thread(r, "procbook-bench-half"));
        try {
            double[] ms = new double[WARM_REPEATS];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                CompletableFuture<Long> low = CompletableFuture.supplyAsync(() -> sum(values, 0, n / 2), threads);
                CompletableFuture<Long> high = CompletableFuture.supplyAsync(() -> sum(values, n / 2, n), threads);
                check(low.join() + high.join(), expected);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            return Figures.median(ms);
        } finally {
            threads.shutdown();
        }
    }

    private static long sum(LongBuffer values, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += values.get(i);
        }
        return sum;
    }

    private static void check(long sum, long expected) {
        if (sum != expected) {
            throw new IllegalStateException("wrong sum: " + sum + ", expected " + expected);
        }
    }

    void emit() {
        Figures f = new Figures("shm_frame.two_workers_sum_256MiB.floor");
        f.emit("warm_sum_median", warmSumMedian, "ms");
        f.emit("first_touch_median", firstTouchMedian, "ms");
        f.emit("two_threads_halves_median", twoThreadsHalvesMedian, "ms");
        f.emit("two_first_touches_median", twoFirstTouchesMedian, "ms");
    }
}
