package dev.procbook.process;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.Secret;
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

    static void release(long id) {
        Rendezvous r = PIPES.remove(id);
        if (r != null) {
            r.hub.close();
        }
    }

    /** Binds end {@code end} for use in this process; returns the channel once its partner is there. */
    static CompletableFuture<FramedChannel> bindLocal(long id, int end) {
        Rendezvous r = PIPES.get(id);
        if (r == null) {
            throw new IllegalStateException("pipe closed: id=" + id);
        }
        synchronized (r) {
            Object other = r.ends[1 - end];
            if (other instanceof FramedChannel ch) {
                r.ends[1 - end] = "taken";
                return CompletableFuture.completedFuture(ch);
            }
            if (other instanceof CompletableFuture<?>) {
                // both ends here: connect this one through the hub like a remote end
                return CompletableFuture.completedFuture(
                        Hub.connect(r.hub.address(), Secret.processKey(), KIND + ":" + id + ":" + end));
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
        synchronized (r) {
            Object other = r.ends[1 - end];
            if (other instanceof CompletableFuture<?> f) {
                r.ends[1 - end] = "taken";
                ((CompletableFuture<FramedChannel>) f).complete(ch);
                return;
            }
            if (other instanceof FramedChannel remote) {
                r.ends[1 - end] = "taken";
                partner = remote;
            } else {
                r.ends[end] = ch;
                return;
            }
        }
        relay(ch, partner);
    }

    private static void relay(FramedChannel x, FramedChannel y) {
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
