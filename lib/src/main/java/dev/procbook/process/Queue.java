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

    private final String broker;
    private final long id;
    private transient Hub hub;
    private transient volatile QueueConnection remote;
    private transient volatile boolean closed;
    /** The items, in the handle that opened the queue; null in copies, which reach them through {@link #remote}. */
    private transient LinkedBlockingDeque<byte[]> hosted;
    private transient ObjectEncoder encoder = new ObjectEncoder();
    private transient ObjectDecoder decoder = new ObjectDecoder();

    private Queue(Hub hub, QueueServer.Hosted hosted) {
        this.hub = hub;
        this.broker = hub.address().toString();
        this.id = hosted.id();
        this.hosted = hosted.items();
    }

    /** Opens a queue hosted by this process. */
    public static Queue open() {
        Hub hub = Hub.acquire();
        return new Queue(hub, ProcessServices.get().queues.create());
    }

    private LinkedBlockingDeque<byte[]> local() {
        return closed ? null : hosted;
    }

    private QueueConnection remote() {
        QueueConnection r = remote;
        return r != null && !closed ? r : connect();
    }

    private synchronized QueueConnection connect() {
        if (closed) {
            throw new HandleClosedException("queue: id=" + id);
        }
        if (remote == null) {
            remote = new QueueConnection(
                    Hub.connect(Path.of(broker), Secret.processKey(), QueueProtocol.KIND + ":" + id));
        }
        return remote;
    }

    /**
     * Appends {@code item}; never blocks for long (the queue is unbounded).
     *
     * @throws dev.procbook.process.wire.NotSerializableObjectException if it cannot be serialized
     * @throws HandleClosedException if the queue is closed
     */
    public void put(Object item) {
        byte[] bytes = encoder.encode(item);
        LinkedBlockingDeque<byte[]> items = local();
        if (items != null) {
            items.add(bytes);
        } else {
            remote().put(bytes);
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
        LinkedBlockingDeque<byte[]> items = local();
        QueueConnection.Slice item;
        try {
            if (items != null) {
                byte[] bytes = items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                item = bytes == null ? null : QueueConnection.Slice.of(bytes);
            } else {
                item = remote().get(timeout.toNanos());
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
    public synchronized void flush() {
        if (remote != null) {
            remote.channel.flush();
        }
    }

    /**
     * Closes this handle: a remote handle returns the items it fetched but did not take, flushes and disconnects;
     * the hosting handle drops the items and stops serving; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (remote != null) {
            remote.close();
        }
        if (hub != null && ProcessServices.get().queues.drop(id)) {
            hub.close();
        }
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        encoder = new ObjectEncoder();
        decoder = new ObjectDecoder();
    }

    @Override
    public String toString() {
        return "Queue[id=" + id + "]";
    }
}
