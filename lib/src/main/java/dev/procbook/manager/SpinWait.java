package dev.procbook.manager;

import java.util.concurrent.TimeUnit;

/**
 * How long a wait for a mailbox's next message spins before it sleeps on the socket, learnt from how the last waits
 * ended: a reply usually comes within microseconds, far sooner than a sleeping thread is woken, so spinning for a
 * moment makes a call many times quicker; but a spin that does not pay off only takes a core from the peer. The
 * budget is full after a message arrived while spinning, and halves after every {@value #MISSES} waits in a row that
 * it did not pay off, down to nothing (one slow reply, such as the first calls of a code path not yet compiled, does
 * not end the spinning); then every {@value #PROBE_EVERY}th wait probes with a small budget. Not thread-safe: one per
 * waiting side.
 */
final class SpinWait {

    static final long MAX_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    static final int MISSES = 4;
    /**
     * A probe spins as long as a full budget: when both sides sleep, each answer comes late because the other side
     * has to be woken first, so a short probe on either side would never see one in time, and both would sleep on.
     */
    static final long PROBE_NANOS = MAX_NANOS;
    static final int PROBE_EVERY = 16;
    /**
     * A message that arrives later than this did not need the spin: a sleeping reader is woken about as soon. Such
     * arrivals count as misses, so that on a machine whose cores are all busy the waits end up sleeping rather than
     * giving their cores away turn after turn.
     */
    static final long WORTHWHILE_NANOS = TimeUnit.MICROSECONDS.toNanos(8);
    /** Below this a spin is not worth its start: the budget drops to nothing instead. */
    static final long MIN_NANOS = TimeUnit.MICROSECONDS.toNanos(5);

    private long nanos = MAX_NANOS;
    private int waitsWithout;
    private int misses;

    /** The time to spin before this wait sleeps. */
    long budgetNanos() {
        if (nanos > 0) {
            return nanos;
        }
        return ++waitsWithout % PROBE_EVERY == 0 ? PROBE_NANOS : 0;
    }

    /** The message arrived while spinning. */
    void arrived() {
        nanos = MAX_NANOS;
        waitsWithout = 0;
        misses = 0;
    }

    /** The spin ran out first. */
    void missed() {
        if (++misses >= MISSES) {
            misses = 0;
            nanos = nanos / 2 < MIN_NANOS ? 0 : nanos / 2;
        }
    }
}
