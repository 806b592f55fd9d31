package dev.procbook.spark;

import java.util.function.Supplier;

/**
 * A value and the wall time it took to make, for a notebook's side-by-side table of start and job costs.
 * {@code Timed<Pool> pool = Timed.of(() -> Pool.create(2)); pool.millis()}
 */
public record Timed<T>(T value, double millis) {

    /** Runs {@code work} once and times it. */
    public static <T> Timed<T> of(Supplier<T> work) {
        long start = System.nanoTime();
        T value = work.get();
        return new Timed<>(value, (System.nanoTime() - start) / 1e6);
    }
}
