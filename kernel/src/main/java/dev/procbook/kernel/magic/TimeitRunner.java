package dev.procbook.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * The timing loop of {@code %timeit}, called from code that the magic compiles in JShell so that it runs on the
 * cell's thread and an interrupt stops it.
 */
public final class TimeitRunner {

    /** A run is long enough for auto-ranging once it takes this long, as in IPython. */
    private static final double MIN_RUN_SECONDS = 0.2;

    @SuppressWarnings("unused")
    private static volatile Object sink;

    private TimeitRunner() {
    }

    /** Keeps a value alive so the JIT cannot drop the expression being timed. */
    public static void sink(Object value) {
        sink = value;
    }

    /**
     * Runs {@code body} {@code repeat} times, {@code loops} calls each ({@code loops <= 0}: chosen like IPython,
     * 1, 2, 5, 10, 20, ... until a run takes 0.2 s).
     */
    public static TimeitResult measure(Runnable body, int loops, int repeat) {
        int n = loops > 0 ? loops : autorange(body);
        List<Double> perLoop = new ArrayList<>(repeat);
        for (int r = 0; r < repeat; r++) {
            perLoop.add(time(body, n) / n);
        }
        return new TimeitResult(perLoop, n);
    }

    private static int autorange(Runnable body) {
        for (long base = 1; ; base *= 10) {
            for (long step : new long[]{1, 2, 5}) {
                long n = base * step;
                if (time(body, n) >= MIN_RUN_SECONDS || n >= 1_000_000_000L) {
                    return (int) n;
                }
            }
        }
    }

    private static double time(Runnable body, long n) {
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            body.run();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
