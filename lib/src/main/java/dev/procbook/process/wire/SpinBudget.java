package dev.procbook.process.wire;

import java.util.concurrent.TimeUnit;

/**
 * How long a reader retries a non-blocking read before it sleeps in the selector, learnt from how the last waits
 * ended.
 *
 * <p>In request and reply the answer comes within a few microseconds, less than a selector's sleep and wake-up
 * costs, so retrying for a moment halves a round trip. When the answer does not come in time (a slow peer, or a
 * machine with no idle core, where retrying only takes the core the peer needs) the budget halves after each
 * miss down to nothing; while it is nothing, every {@value #PROBE_EVERY}th wait probes with a small budget. An
 * answer that arrives while retrying restores the full budget. Not thread-safe: each channel's reads hold a lock.
 */
final class SpinBudget {

    static final long MAX_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    static final long PROBE_NANOS = TimeUnit.MICROSECONDS.toNanos(5);
    static final int PROBE_EVERY = 64;

    private long nanos = MAX_NANOS;
    private int waitsWithout;

    /** The time to retry before this wait sleeps. */
    long budgetNanos() {
        if (nanos > 0) {
            return nanos;
        }
        return ++waitsWithout % PROBE_EVERY == 0 ? PROBE_NANOS : 0;
    }

    /** Data arrived while retrying. */
    void arrived() {
        nanos = MAX_NANOS;
        waitsWithout = 0;
    }

    /** Retrying ran out before data arrived. */
    void missed() {
        nanos = nanos / 2 < PROBE_NANOS ? 0 : nanos / 2;
    }
}
