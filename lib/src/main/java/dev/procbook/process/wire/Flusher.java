package dev.procbook.process.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM that writes out what channels have buffered and nobody flushed, so that many small
 * sends share one system call.
 *
 * <p>Woken by the first send after a quiet spell, it then sweeps every {@value #TICK_MICROS} us until nothing was
 * buffered for {@value #LINGER_MILLIS} ms: a send waits at most about one tick, and sends that are flushed by
 * their sender (or by its next receive), as in request and reply, cost no wake-up of this thread each.
 */
final class Flusher {

    static final long TICK_MICROS = 100;
    static final long LINGER_MILLIS = 10;
    private static final long TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(TICK_MICROS);
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
    private static final ConcurrentLinkedQueue<FramedChannel> PENDING = new ConcurrentLinkedQueue<>();
    private static final Thread THREAD = DaemonThreads.newThread(Flusher::run, "procbook-flusher");
    private static volatile boolean idle;

    static {
        THREAD.start();
    }

    private Flusher() {
    }

    static void schedule(FramedChannel channel) {
        PENDING.add(channel);
        if (idle) {
            LockSupport.unpark(THREAD);
        }
    }

    private static void run() {
        List<FramedChannel> retry = new ArrayList<>();
        long lastWork = System.nanoTime();
        while (true) {
            boolean worked = false;
            for (FramedChannel ch = PENDING.poll(); ch != null; ch = PENDING.poll()) {
                worked = true;
                if (!ch.flushFromFlusher()) {
                    retry.add(ch); // the socket is full or a sender holds the lock: next tick
                }
            }
            PENDING.addAll(retry);
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
            if (PENDING.isEmpty()) {
                LockSupport.park();
            }
            idle = false;
            lastWork = System.nanoTime();
        }
    }
}
