package dev.procbook.process;

import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.ObjectDecoder;
import dev.procbook.process.wire.ObjectEncoder;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.WaitInterruptedException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A first-in first-out queue shared by any number of producers and consumers across processes, like Python's
 * {@code multiprocessing.Queue}; the items live in the process that opened it, and a copy passed to a task
 * (it is serializable) connects back to that process on first use.
 *
 * <p>{@code try (Queue q = Queue.open()) { pool.submit(() -> { q.put("done"); return 0; }); q.get(); }}
 *
 * <p>A handle in another process fetches items in batches when it consumes them quickly (see
 * {@link QueueConnection}). Items a handle fetched but did not take are returned to the queue when it is closed; if
 * its process dies, they are lost (Python's queue does no better: its docs warn that killing a reader may corrupt
 * the queue).
 */
public final class Queue implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;

    /** How this handle reaches the items: chosen once, when it is made or first used. */
    private sealed interface Access {
    }

    /** The handle that opened the queue: the items are here, and so is the hub hold that serves them. */
    private record Hosted(LinkedBlockingDeque<byte[]> items, Hub hub) implements Access {
    }

    /** A copy in another process, not yet used. */
    private record Unconnected() implements Access {
    }

    /** A copy connected to the hosting process. */
    private record Remote(QueueConnection connection) implements Access {
    }

    /** Closed here. */
    private record Closed() implements Access {
    }

    private final String broker;
    private final long id;
    private transient volatile Access access;
    private transient ObjectEncoder encoder = new ObjectEncoder();
    private transient ObjectDecoder decoder = new ObjectDecoder();

    private Queue(Hub hub, QueueServer.Hosted hosted) {
        this.broker = hub.address().toString();
        this.id = hosted.id();
        this.access = new Hosted(hosted.items(), hub);
    }

    /** Opens a queue hosted by this process. */
    public static Queue open() {
        Hub hub = Hub.acquire();
        return new Queue(hub, ProcessServices.get().queues.create());
    }

    /** How to reach the items, connecting a copy on first use. */
    private Access access() {
        Access a = access;
        return a instanceof Unconnected ? connect() : a;
    }

    private synchronized Access connect() {
        if (access instanceof Unconnected) {
            access = new Remote(new QueueConnection(
                    Hub.connect(Path.of(broker), Secret.processKey(), QueueProtocol.KIND + ":" + id)));
        }
        return access;
    }

    private HandleClosedException closed() {
        return new HandleClosedException("queue: id=" + id);
    }

    /**
     * Appends {@code item}; never blocks for long (the queue is unbounded).
     *
     * @throws dev.procbook.process.wire.NotSerializableObjectException if it cannot be serialized
     * @throws HandleClosedException if the queue is closed
     */
    public void put(Object item) {
        byte[] bytes = encoder.encode(item);
        Access a = access();
        if (a instanceof Hosted h) {
            h.items().add(bytes);
        } else if (a instanceof Remote r) {
            r.connection().put(bytes);
        } else {
            throw closed();
        }
    }

    /** Removes and returns the first item, waiting as long as it takes. */
    public Object get() {
        return get(Duration.ofMillis(Long.MAX_VALUE / 2_000_000));
    }

    /**
     * Removes and returns the first item, waiting up to {@code timeout}.
     *
     * @throws QueueEmptyException       if no item arrived in time
     * @throws HandleClosedException     if the queue is closed
     * @throws WaitInterruptedException if the thread is interrupted while it waits; the queue stays usable
     */
    public Object get(Duration timeout) {
        Access a = access();
        QueueConnection.Slice item;
        try {
            if (a instanceof Hosted h) {
                byte[] bytes = h.items().poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                item = bytes == null ? null : QueueConnection.Slice.of(bytes);
            } else if (a instanceof Remote r) {
                item = r.connection().get(timeout.toNanos());
            } else {
                throw closed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("get: queue=" + id, e);
        }
        if (item == null) {
            throw new QueueEmptyException(id, timeout);
        }
        return decoder.decode(item.data(), item.off(), item.len());
    }

    /** Writes out items this process put but has not yet sent to the hosting process. */
    public void flush() {
        if (access instanceof Remote r) {
            r.connection().channel.flush();
        }
    }

    /**
     * Closes this handle: a remote handle returns the items it fetched but did not take, flushes and disconnects;
     * the hosting handle drops the items and stops serving; idempotent.
     */
    @Override
    public void close() {
        Access a;
        synchronized (this) {
            a = access;
            access = new Closed();
        }
        if (a instanceof Remote r) {
            r.connection().close();
        } else if (a instanceof Hosted h && ProcessServices.get().queues.drop(id)) {
            h.hub().close();
        }
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        access = new Unconnected();
        encoder = new ObjectEncoder();
        decoder = new ObjectDecoder();
    }

    @Override
    public String toString() {
        return "Queue[id=" + id + "]";
    }
}
