package dev.procbook.process.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A daemon thread, one per {@link Wiring}, that writes out what channels have buffered and nobody flushed, so that
 * many small sends share one system call.
 *
 * <p>Woken by the first send after a quiet spell, it then sweeps every {@value #TICK_MICROS} us until nothing was
 * buffered for {@value #LINGER_MILLIS} ms: a send waits at most about one tick, and sends that are flushed by
 * their sender (or by its next receive), as in request and reply, cost no wake-up of this thread each.
 */
final class Flusher implements Runnable, AutoCloseable {

    static final long TICK_MICROS = 100;
    static final long LINGER_MILLIS = 10;
    private static final long TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(TICK_MICROS);
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
    private final ConcurrentLinkedQueue<ChannelWriter> pending = new ConcurrentLinkedQueue<>();
    // the flusher itself, not a method reference: a lambda would be bootstrapped on a worker's start path
    private final Thread thread = DaemonThreads.newThread(this, "procbook-flusher");
    private volatile boolean idle;
    private volatile boolean closed;

    /** Starts the thread. */
    Flusher start() {
        thread.start();
        return this;
    }

    void schedule(ChannelWriter channel) {
        pending.add(channel);
        if (idle) {
            LockSupport.unpark(thread);
        }
    }

    /** The thread's loop; not for callers. */
    @Override
    public void run() {
        List<ChannelWriter> retry = new ArrayList<>();
        long lastWork = System.nanoTime();
        while (!closed) {
            boolean worked = false;
            for (ChannelWriter ch = pending.poll(); ch != null; ch = pending.poll()) {
                worked = true;
                if (!ch.flushFromFlusher()) {
                    retry.add(ch); // the socket is full or a sender holds the lock: next tick
                }
            }
            pending.addAll(retry);
            retry.clear();
            long now = System.nanoTime();
            if (worked) {
                lastWork = now;
            }
            if (now - lastWork < LINGER_NANOS) {
                LockSupport.parkNanos(TICK_NANOS);
                continue;
            }
            idle = true;
            if (pending.isEmpty() && !closed) {
                LockSupport.park();
            }
            idle = false;
            lastWork = System.nanoTime();
        }
    }

    /** Ends the thread after its current sweep; idempotent. Channels flush themselves from then on, on reads. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
