package dev.procbook.process;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.process.wire.Hub;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rendezvous of pipes created in this process: pairs each end, used here or connecting from another process,
 * with its partner, and relays when both ends are elsewhere.
 */
final class PipeRegistry {

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Rendezvous> pipes = new ConcurrentHashMap<>();

    /** Where one end of a pipe stands, as the opener sees it. */
    private sealed interface End {
    }

    /** Not used yet. */
    private record Unused() implements End {
    }

    /** Used in this process, waiting for its partner's channel. */
    private record WaitingHere(CompletableFuture<FramedChannel> partner) implements End {
    }

    /** Connected from another process, waiting for its partner. */
    private record WaitingRemote(FramedChannel channel) implements End {
    }

    /** Handed its partner: nothing left to pair. */
    private record Paired() implements End {
    }

    /** The two ends of one pipe. */
    private static final class Rendezvous {
        final Hub hub;
        final End[] ends = {new Unused(), new Unused()};

        Rendezvous(Hub hub) {
            this.hub = hub;
        }
    }

    long create(Hub hub) {
        long id = ids.incrementAndGet();
        pipes.put(id, new Rendezvous(hub));
        return id;
    }

    boolean isLocal(long id, Path broker) {
        Rendezvous r = pipes.get(id);
        return r != null && r.hub.address().equals(broker);
    }

    /** Forgets the pipe: an end still waiting here for its partner sees its channel closed. */
    void release(long id) {
        Rendezvous r = pipes.remove(id);
        if (r == null) {
            return;
        }
        synchronized (r) {
            for (End e : r.ends) {
                if (e instanceof WaitingRemote w) {
                    w.channel().abort();
                } else if (e instanceof WaitingHere w) {
                    w.partner().completeExceptionally(new ChannelClosedException("pipe " + id));
                }
            }
        }
        r.hub.close();
    }

    /**
     * Binds end {@code end} for use in this process: returns the future of the channel to its partner, or null when
     * the partner is bound here too and this end must connect through the hub like a remote one.
     *
     * @throws HandleClosedException if the pipe was closed
     */
    CompletableFuture<FramedChannel> bindLocal(long id, int end) {
        Rendezvous r = pipes.get(id);
        if (r == null) {
            throw new HandleClosedException("pipe: id=" + id);
        }
        synchronized (r) {
            End other = r.ends[1 - end];
            if (other instanceof WaitingRemote w) {
                r.ends[1 - end] = new Paired();
                return CompletableFuture.completedFuture(pair(w.channel()));
            }
            if (other instanceof WaitingHere) {
                return null;
            }
            CompletableFuture<FramedChannel> f = new CompletableFuture<>();
            r.ends[end] = new WaitingHere(f);
            return f;
        }
    }

    /** The hub's handler of {@link PipeProtocol#KIND}: an end connected from another process. */
    void serveRemote(String arg, FramedChannel ch) {
        String[] parts = arg.split(":");
        Rendezvous r = pipes.get(Long.parseLong(parts[0]));
        int end = Integer.parseInt(parts[1]);
        if (r == null) {
            ch.abort();
            return;
        }
        End other;
        synchronized (r) {
            other = r.ends[1 - end];
            if (other instanceof WaitingHere || other instanceof WaitingRemote) {
                r.ends[1 - end] = new Paired();
            } else {
                r.ends[end] = new WaitingRemote(ch);
                return;
            }
        }
        if (other instanceof WaitingHere w) {
            // outside the lock: completing runs the waiting end's hand-over, which writes what it kept
            if (!w.partner().complete(pair(ch))) {
                ch.abort(); // the waiting end gave up as the pipe closed
            }
        } else {
            relay(ch, ((WaitingRemote) other).channel());
        }
    }

    /** Tells the end at the far side of {@code ch} that its partner is there. */
    private static FramedChannel pair(FramedChannel ch) {
        ch.write(PipeProtocol.PAIRED, new byte[0]);
        ch.flush();
        return ch;
    }

    private static void relay(FramedChannel x, FramedChannel y) {
        pair(x);
        pair(y);
        DaemonThreads.newThread(() -> copy(y, x), "procbook-pipe-relay").start();
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
