package dev.procbook.memory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Waits until a memory figure holds still. After a collection, G1 gives the heap it freed back to the system on a
 * thread of its own, from about 100 ms after the collection, for a few hundred more: an RSS or PSS read meanwhile is
 * on its way down, and a measurement that starts from it hides part of what it measures.
 * {@code long pss = Settle.await(() -> reader.read(pid).pss(), Duration.ofSeconds(5));}
 */
public final class Settle {

    /** How long the figure must hold within {@link #WITHIN_BYTES}: longer than G1 waits before it gives back. */
    static final long STEADY_MILLIS = 300;
    private static final long WITHIN_BYTES = 1L << 20;
    private static final long POLL_MILLIS = 20;

    private Settle() {
    }

    /**
     * Reads {@code figure} until it has held within 1 MiB for {@value #STEADY_MILLIS} ms, or {@code atMost} has
     * passed, and returns its last value; an interrupt ends the wait, and is kept.
     */
    public static long await(LongSupplier figure, Duration atMost) {
        long value = figure.getAsLong();
        long start = System.nanoTime();
        long steadySince = start;
        while (millisSince(steadySince) < STEADY_MILLIS && millisSince(start) < atMost.toMillis()) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = figure.getAsLong();
            if (Math.abs(now - value) >= WITHIN_BYTES) {
                value = now;
                steadySince = System.nanoTime();
            }
        }
        return figure.getAsLong();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
