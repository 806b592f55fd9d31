package dev.procbook.manager;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.FramedChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ends, in the manager, a call whose client has gone: a thread waiting there for a caller that was interrupted or
 * killed (in a queue's {@code take}, a lock, a barrier) would otherwise wait on, and take the next item, lock or
 * party that a live caller needs. Every {@value #PERIOD_MILLIS} ms, one thread looks at the connections whose call
 * has run that long, and interrupts the serving thread of each whose client closed it: the call then ends as an
 * interrupted wait does there, taking nothing.
 */
final class CallWatchdog implements AutoCloseable {

    static final long PERIOD_MILLIS = 20;

    /** One connection and the thread serving it; {@code since} is when its current call began, or 0 between calls. */
    static final class Watched {
        private final Thread server = Thread.currentThread();
        private final FramedChannel channel;
        private volatile long since;

        private Watched(FramedChannel channel) {
            this.channel = channel;
        }

        /** Marks the start of a call. */
        void begin() {
            since = System.nanoTime();
        }

        /** Marks its end. */
        void end() {
            since = 0;
        }
    }

    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final Thread thread = DaemonThreads.newThread(this::run, "procbook-manager-watchdog");
    private volatile boolean closed;

    CallWatchdog() {
        thread.start();
    }

    /** Watches {@code channel}, served by the calling thread, until {@link #forget}. */
    Watched watch(FramedChannel channel) {
        Watched w = new Watched(channel);
        watched.add(w);
        return w;
    }

    void forget(Watched w) {
        watched.remove(w);
    }

    private void run() {
        long period = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
        while (!closed) {
            LockSupport.parkNanos(period);
            long now = System.nanoTime();
            for (Watched w : watched) {
                long since = w.since;
                if (since != 0 && now - since > period && clientGone(w.channel)) {
                    w.server.interrupt();
                }
            }
        }
    }

    /** Whether the client closed {@code channel}; reading ahead keeps what arrived for the serving thread. */
    private static boolean clientGone(FramedChannel channel) {
        try {
            channel.poll(0);
            return false;
        } catch (ChannelClosedException e) {
            return true;
        } catch (RuntimeException e) {
            return false; // a read the serving thread will meet and report itself
        }
    }

    /** Stops watching; idempotent. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
