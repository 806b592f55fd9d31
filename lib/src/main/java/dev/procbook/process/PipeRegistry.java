package dev.procbook.process;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.process.wire.Hub;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rendezvous of pipes created in this process: pairs each end, used here or connecting from another process,
 * with its partner, and relays when both ends are elsewhere.
 */
final class PipeRegistry {

    static final String KIND = "pipe";
    /**
     * The first frame an end that connected through the hub receives: its partner is there. Message frames use
     * other types.
     */
    static final byte PAIRED = 0;
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Long, Rendezvous> PIPES = new ConcurrentHashMap<>();

    static {
        Hub.handle(KIND, PipeRegistry::serveRemote);
    }

    /** The two ends of one pipe: each null, waiting here, or connected from elsewhere. */
    private static final class Rendezvous {
        final Hub hub;
        final Object[] ends = new Object[2];

        Rendezvous(Hub hub) {
            this.hub = hub;
        }
    }

    private PipeRegistry() {
    }

    static long create(Hub hub) {
        long id = IDS.incrementAndGet();
        PIPES.put(id, new Rendezvous(hub));
        return id;
    }

    static boolean isLocal(long id, java.nio.file.Path broker) {
        Rendezvous r = PIPES.get(id);
        return r != null && r.hub.address().equals(broker);
    }

    /** Forgets the pipe: an end still waiting here for its partner sees its channel closed. */
    static void release(long id) {
        Rendezvous r = PIPES.remove(id);
        if (r == null) {
            return;
        }
        synchronized (r) {
            for (Object e : r.ends) {
                if (e instanceof FramedChannel ch) {
                    ch.abort();
                } else if (e instanceof CompletableFuture<?> f) {
                    f.completeExceptionally(new ChannelClosedException("pipe " + id));
                }
            }
        }
        r.hub.close();
    }

    /**
     * Binds end {@code end} for use in this process: returns the future of the channel to its partner, or null when
     * the partner is bound here too and this end must connect through the hub like a remote one.
     */
    static CompletableFuture<FramedChannel> bindLocal(long id, int end) {
        Rendezvous r = PIPES.get(id);
        if (r == null) {
            throw new HandleClosedException("pipe: id=" + id);
        }
        synchronized (r) {
            Object other = r.ends[1 - end];
            if (other instanceof FramedChannel ch) {
                r.ends[1 - end] = "taken";
                return CompletableFuture.completedFuture(pair(ch));
            }
            if (other instanceof CompletableFuture<?>) {
                return null;
            }
            CompletableFuture<FramedChannel> f = new CompletableFuture<>();
            r.ends[end] = f;
            return f;
        }
    }

    @SuppressWarnings("unchecked")
    private static void serveRemote(String arg, FramedChannel ch) {
        String[] parts = arg.split(":");
        Rendezvous r = PIPES.get(Long.parseLong(parts[0]));
        int end = Integer.parseInt(parts[1]);
        if (r == null) {
            ch.abort();
            return;
        }
        FramedChannel partner = null;
        CompletableFuture<FramedChannel> waiting = null;
        synchronized (r) {
            Object other = r.ends[1 - end];
            if (other instanceof CompletableFuture<?> f) {
                r.ends[1 - end] = "taken";
                waiting = (CompletableFuture<FramedChannel>) f;
            } else if (other instanceof FramedChannel remote) {
                r.ends[1 - end] = "taken";
                partner = remote;
            } else {
                r.ends[end] = ch;
                return;
            }
        }
        if (waiting != null) {
            // outside the lock: completing runs the waiting end's hand-over, which writes what it kept
            if (!waiting.complete(pair(ch))) {
                ch.abort(); // the waiting end gave up as the pipe closed
            }
            return;
        }
        relay(ch, partner);
    }

    /** Tells the end at the far side of {@code ch} that its partner is there. */
    private static FramedChannel pair(FramedChannel ch) {
        ch.write(PAIRED, new byte[0]);
        ch.flush();
        return ch;
    }

    private static void relay(FramedChannel x, FramedChannel y) {
        pair(x);
        pair(y);
        Thread t = new Thread(() -> copy(y, x), "procbook-pipe-relay");
        t.setDaemon(true);
        t.start();
        copy(x, y);
    }

    private static void copy(FramedChannel from, FramedChannel to) {
        try {
            while (true) {
                Frame f = from.read();
                to.write(f.type(), f.payload());
            }
        } catch (ChannelClosedException e) {
            to.close();
        }
    }
}
