package dev.procbook.process.wire;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread per JVM that writes out what channels have buffered, so that many small sends share one
 * system call while none waits longer than the time this thread takes to wake up.
 */
final class Flusher {

    private static final LinkedBlockingQueue<FramedChannel> PENDING = new LinkedBlockingQueue<>();
    private static final long RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    static {
        Thread t = new Thread(Flusher::run, "procbook-flusher");
        t.setDaemon(true);
        t.start();
    }

    private Flusher() {
    }

    static void schedule(FramedChannel channel) {
        PENDING.add(channel);
    }

    private static void run() {
        while (true) {
            FramedChannel channel;
            try {
                channel = PENDING.take();
            } catch (InterruptedException e) {
                return;
            }
            if (!channel.flushFromFlusher()) {
                // The socket is full or a sender holds the lock: try again soon rather than block other channels.
                java.util.concurrent.locks.LockSupport.parkNanos(RETRY_NANOS);
                PENDING.add(channel);
            }
        }
    }
}
