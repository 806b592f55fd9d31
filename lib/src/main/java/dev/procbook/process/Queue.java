package dev.procbook.process;

import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.ObjectDecoder;
import dev.procbook.process.wire.ObjectEncoder;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.UserClassLoaders;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A first-in first-out queue shared by any number of producers and consumers across processes, like Python's
 * {@code multiprocessing.Queue}; the items live in the process that opened it, and a copy passed to a task
 * (it is serializable) connects back to that process on first use.
 *
 * <p>{@code try (Queue q = Queue.open()) { pool.submit(() -> { q.put("done"); return 0; }); q.get(); }}
 *
 * <p>A handle in another process fetches items in batches when it consumes them quickly: the batch doubles (up to
 * {@value #MAX_BATCH} items) while the previous one was used up at under {@value #FAST_NANOS_PER_ITEM} ns an item,
 * and falls back to one item as soon as the consumer is slower, so slow consumers still share the work item by
 * item. Items a handle fetched but did not take are returned to the queue when it is closed; if its process dies,
 * they are lost (Python's queue does no better: its docs warn that killing a reader may corrupt the queue).
 */
public final class Queue implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;
    static final int MAX_BATCH = 1024;
    static final long FAST_NANOS_PER_ITEM = 20_000;

    private final String broker;
    private final long id;
    private transient Hub hub;
    private transient Remote remote;
    private transient boolean closed;
    private transient ObjectEncoder encoder = new ObjectEncoder();
    private transient ObjectDecoder decoder = new ObjectDecoder();

    /** The connection of a handle used away from the hosting process, with the items it fetched but not taken. */
    private static final class Remote {
        final FramedChannel channel;
        final ReentrantLock getLock = new ReentrantLock();
        /** The last batch received, read from {@link #cursor}: {@code int length, bytes} per item left. */
        byte[] batch;
        ByteBuffer cursor;
        int left;
        int window = 1;
        int lastBatch;
        long lastBatchAt;

        Remote(FramedChannel channel) {
            this.channel = channel;
        }

        /** Grows the batch while the consumer keeps up, else goes back to one item. */
        int nextWindow(long now) {
            boolean fast = lastBatch > 0 && now - lastBatchAt <= lastBatch * FAST_NANOS_PER_ITEM;
            window = fast ? Math.min(window * 2, MAX_BATCH) : 1;
            return window;
        }
    }

    private Queue(Hub hub, long id) {
        this.hub = hub;
        this.broker = hub.address().toString();
        this.id = id;
    }

    /** Opens a queue hosted by this process. */
    public static Queue open() {
        Hub hub = Hub.acquire();
        return new Queue(hub, QueueServer.create());
    }

    /** One encoded item inside a larger array. */
    private record Slice(byte[] data, int off, int len) {
        static Slice of(byte[] data) {
            return new Slice(data, 0, data.length);
        }
    }

    private LinkedBlockingDeque<byte[]> local() {
        LinkedBlockingDeque<byte[]> items = QueueServer.items(id);
        return items != null && hub != null ? items : null;
    }

    private synchronized Remote remote() {
        if (closed) {
            throw new IllegalStateException("queue closed: queue=" + id);
        }
        if (remote == null) {
            remote = new Remote(Hub.connect(Path.of(broker), Secret.processKey(), QueueServer.KIND + ":" + id));
        }
        return remote;
    }

    /**
     * Appends {@code item}; never blocks for long (the queue is unbounded).
     *
     * @throws dev.procbook.process.wire.NotSerializableObjectException if it cannot be serialized
     * @throws IllegalStateException if the queue is closed
     */
    public void put(Object item) {
        if (item != null) {
            UserClassLoaders.register(item.getClass().getClassLoader());
        }
        byte[] bytes = encoder.encode(item);
        LinkedBlockingDeque<byte[]> items = local();
        if (items != null) {
            items.add(bytes);
        } else {
            remote().channel.write(QueueServer.PUT, bytes);
        }
    }

    /** Removes and returns the first item, waiting as long as it takes. */
    public Object get() {
        return get(Duration.ofMillis(Long.MAX_VALUE / 2_000_000));
    }

    /**
     * Removes and returns the first item, waiting up to {@code timeout}.
     *
     * @throws QueueEmptyException   if no item arrived in time
     * @throws IllegalStateException if the queue is closed or the wait is interrupted
     */
    public Object get(Duration timeout) {
        LinkedBlockingDeque<byte[]> items = local();
        Slice item;
        try {
            if (items != null) {
                byte[] bytes = items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                item = bytes == null ? null : Slice.of(bytes);
            } else {
                item = remoteGet(remote(), timeout.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting: queue=" + id, e);
        }
        if (item == null) {
            throw new QueueEmptyException(id, timeout);
        }
        return decoder.decode(item.data(), item.off(), item.len());
    }

    private static Slice nextFetched(Remote r) {
        if (r.left == 0) {
            return null;
        }
        r.left--;
        int len = r.cursor.getInt();
        Slice s = new Slice(r.batch, r.cursor.position(), len);
        r.cursor.position(r.cursor.position() + len);
        return s;
    }

    private static Slice remoteGet(Remote r, long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        if (!r.getLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            Slice next = nextFetched(r);
            if (next != null) {
                return next;
            }
            long now = System.nanoTime();
            long left = Math.max(0, timeoutNanos - (now - start));
            r.channel.write(QueueServer.GET, ByteBuffer.allocate(12).putInt(r.nextWindow(now)).putLong(left).array());
            r.channel.flush();
            Frame f = r.channel.read();
            r.lastBatchAt = System.nanoTime();
            switch (f.type()) {
                case QueueServer.ITEM -> {
                    r.lastBatch = 1;
                    return Slice.of(f.payload());
                }
                case QueueServer.ITEMS -> {
                    r.batch = f.payload();
                    r.cursor = ByteBuffer.wrap(r.batch);
                    r.left = r.cursor.getInt();
                    r.lastBatch = r.left;
                    return nextFetched(r);
                }
                default -> {
                    r.lastBatch = 0;
                    return null;
                }
            }
        } finally {
            r.getLock.unlock();
        }
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
            returnFetched(remote);
            remote.channel.close();
        }
        if (hub != null && QueueServer.drop(id)) {
            hub.close();
        }
    }

    private static void returnFetched(Remote r) {
        boolean locked = false;
        try {
            locked = r.getLock.tryLock(1, TimeUnit.SECONDS);
            if (locked && r.left > 0) {
                List<byte[]> rest = new ArrayList<>();
                for (Slice s = nextFetched(r); s != null; s = nextFetched(r)) {
                    rest.add(Arrays.copyOfRange(s.data(), s.off(), s.off() + s.len()));
                }
                r.channel.write(QueueServer.PUT_BACK, QueueServer.encodeBatch(rest));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the hosting process is gone, and the items with it
        } finally {
            if (locked) {
                r.getLock.unlock();
            }
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
