package dev.procbook.process.wire;

import java.util.concurrent.TimeUnit;

/**
 * How long a reader retries (spins) before it sleeps, learnt from how the last waits ended: a {@link FramedChannel}'s
 * non-blocking read before the selector, a shared-memory mailbox before its socket.
 *
 * <p>In request and reply the answer comes within a few microseconds, less than a sleep and wake-up cost, so
 * retrying for a moment makes a round trip many times quicker. When the answer does not come in time (a slow peer,
 * or a machine with no idle core, where retrying only takes the core the peer needs) the budget halves after every
 * {@link Policy#missesToHalve()} misses in a row, down to nothing; while it is nothing, every
 * {@link Policy#probeEvery()}th wait probes with a budget of {@link Policy#probeNanos()}. An answer that arrives
 * while retrying restores the full budget. Not thread-safe: one per waiting side.
 * {@code SpinBudget spin = new SpinBudget(SpinBudget.CHANNEL);}
 */
public final class SpinBudget {

    /**
     * How a budget starts, falls and probes.
     *
     * @param maxNanos      the full budget
     * @param missesToHalve misses in a row that halve it
     * @param minNanos      below this a budget is not worth its start: it drops to nothing instead
     * @param probeNanos    the budget of a probe once it is nothing
     * @param probeEvery    every how many waits without a budget one probes
     */
    public record Policy(long maxNanos, int missesToHalve, long minNanos, long probeNanos, int probeEvery) {
    }

    /** A channel's reads: every miss halves the budget, and probes are short and rare. */
    public static final Policy CHANNEL = new Policy(TimeUnit.MICROSECONDS.toNanos(50), 1,
            TimeUnit.MICROSECONDS.toNanos(5), TimeUnit.MICROSECONDS.toNanos(5), 64);

    private final Policy policy;
    private long nanos;
    private int waitsWithout;
    private int misses;

    /** A full budget under {@code policy}. */
    public SpinBudget(Policy policy) {
        this.policy = policy;
        this.nanos = policy.maxNanos();
    }

    /** The time to retry before this wait sleeps. */
    public long budgetNanos() {
        if (nanos > 0) {
            return nanos;
        }
        return ++waitsWithout % policy.probeEvery() == 0 ? policy.probeNanos() : 0;
    }

    /** Data arrived while retrying. */
    public void arrived() {
        nanos = policy.maxNanos();
        waitsWithout = 0;
        misses = 0;
    }

    /** Retrying ran out before data arrived. */
    public void missed() {
        if (++misses >= policy.missesToHalve()) {
            misses = 0;
            nanos = nanos / 2 < policy.minNanos() ? 0 : nanos / 2;
        }
    }
}
