package dev.procbook.shm;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A mutual-exclusion lock in one word of a segment, shared by every process that maps it: the word is 0 when free
 * and holds the holder's pid (high 32 bits) and a holder number within that process (low 32 bits) when taken, set
 * by compare-and-set. A lock whose holder process has died is taken over, so a killed worker cannot block the
 * others forever. Not reentrant.
 *
 * <pre>{@code
 * SharedLock lock = segment.lock(8);
 * try (SharedLock.Held held = lock.acquire()) {
 *     total.set(total.get() + 1);
 * }
 * }</pre>
 */
public final class SharedLock {

    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicInteger HOLDERS = new AtomicInteger();
    private static final int SPINS_BEFORE_YIELD = 100;
    private static final int YIELDS_BEFORE_PARK = 100;

    private final MappedPieces pieces;
    private final long offset;

    SharedLock(MappedPieces pieces, long offset) {
        SegmentDescriptor.checkWord(offset, pieces.size());
        this.pieces = pieces;
        this.offset = offset;
    }

    /** The lock, taken until {@link #close()}. */
    public final class Held implements AutoCloseable {
        private final long token;
        private boolean released;

        private Held(long token) {
            this.token = token;
        }

        /**
         * Releases the lock; idempotent.
         *
         * @throws IllegalMonitorStateException if another holder took the lock over meanwhile
         */
        @Override
        public void close() {
            if (released) {
                return;
            }
            released = true;
            if (!word().compareAndSetLong(within(), token, 0)) {
                throw new IllegalMonitorStateException("lock not held: name=" + pieces.name() + ", offset=" + offset
                        + ", holderPid=" + (word().getLongVolatile(within()) >>> 32));
            }
        }
    }

    /**
     * Waits until the lock is free and takes it: spins, then yields, then parks for growing moments.
     *
     * @throws IllegalStateException if the segment is closed
     */
    public Held acquire() {
        long token = (PID << 32) | (HOLDERS.incrementAndGet() & 0xFFFFFFFFL);
        long parkNanos = 1_000;
        for (int attempt = 0; ; attempt++) {
            long current = word().getLongVolatile(within());
            // a dead holder is looked for only now and then: it costs a look at /proc
            if (current == 0 || (attempt >= SPINS_BEFORE_YIELD && attempt % 32 == 0 && holderDied(current))) {
                if (word().compareAndSetLong(within(), current, token)) {
                    return new Held(token);
                }
                continue;
            }
            if (attempt < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else if (attempt < SPINS_BEFORE_YIELD + YIELDS_BEFORE_PARK) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(parkNanos);
                parkNanos = Math.min(parkNanos * 2, TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /** Takes the lock if it is free now; empty if another holder has it. */
    public java.util.Optional<Held> tryAcquire() {
        long token = (PID << 32) | (HOLDERS.incrementAndGet() & 0xFFFFFFFFL);
        long current = word().getLongVolatile(within());
        if ((current == 0 || holderDied(current)) && word().compareAndSetLong(within(), current, token)) {
            return java.util.Optional.of(new Held(token));
        }
        return java.util.Optional.empty();
    }

    /** The pid of the process holding the lock, or 0 when it is free. */
    public long holderPid() {
        return word().getLongVolatile(within()) >>> 32;
    }

    private static boolean holderDied(long word) {
        long pid = word >>> 32;
        return pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    private org.agrona.concurrent.UnsafeBuffer word() {
        return pieces.piece(SegmentDescriptor.piece(offset));
    }

    private int within() {
        return SegmentDescriptor.within(offset);
    }

    @Override
    public String toString() {
        return "SharedLock[name=" + pieces.name() + ", offset=" + offset + ", holderPid=" + holderPid() + "]";
    }
}
