package dev.procbook.process;

import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.UserClassLoaders;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A first-in first-out queue shared by any number of producers and consumers across processes, like Python's
 * {@code multiprocessing.Queue}; the items live in the process that opened it, and a copy passed to a task
 * (it is serializable) connects back to that process on first use.
 *
 * <p>{@code try (Queue q = Queue.open()) { pool.submit(() -> { q.put("done"); return 0; }); q.get(); }}
 */
public final class Queue implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String KIND = "queue";
    private static final byte PUT = 1;
    private static final byte GET = 2;
    private static final byte ITEM = 3;
    private static final byte EMPTY = 4;
    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Long, LinkedBlockingDeque<byte[]>> HOSTED = new ConcurrentHashMap<>();

    static {
        Hub.handle(KIND, Queue::serve);
    }

    private final String broker;
    private final long id;
    private transient Hub hub;
    private transient FramedChannel channel;
    private transient boolean closed;

    private Queue(Hub hub, long id) {
        this.hub = hub;
        this.broker = hub.address().toString();
        this.id = id;
    }

    /** Opens a queue hosted by this process. */
    public static Queue open() {
        Hub hub = Hub.acquire();
        long id = IDS.incrementAndGet();
        HOSTED.put(id, new LinkedBlockingDeque<>());
        return new Queue(hub, id);
    }

    private LinkedBlockingDeque<byte[]> local() {
        LinkedBlockingDeque<byte[]> items = HOSTED.get(id);
        return items != null && hub != null ? items : null;
    }

    private synchronized FramedChannel remote() {
        if (closed) {
            throw new IllegalStateException("queue closed: queue=" + id);
        }
        if (channel == null) {
            channel = Hub.connect(Path.of(broker), Secret.processKey(), KIND + ":" + id);
        }
        return channel;
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
        byte[] bytes = Codec.encode(item);
        LinkedBlockingDeque<byte[]> items = local();
        if (items != null) {
            items.add(bytes);
        } else {
            remote().write(PUT, bytes);
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
     * @throws IllegalStateException if the queue is closed
     */
    public Object get(Duration timeout) {
        LinkedBlockingDeque<byte[]> items = local();
        byte[] bytes;
        if (items != null) {
            try {
                bytes = items.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting: queue=" + id, e);
            }
        } else {
            bytes = remoteGet(timeout);
        }
        if (bytes == null) {
            throw new QueueEmptyException(id, timeout);
        }
        return Codec.decode(bytes);
    }

    private synchronized byte[] remoteGet(Duration timeout) {
        FramedChannel ch = remote();
        ch.write(GET, ByteBuffer.allocate(8).putLong(timeout.toMillis()).array());
        Frame f = ch.read();
        return f.type() == ITEM ? f.payload() : null;
    }

    private static void serve(String arg, FramedChannel ch) throws InterruptedException {
        LinkedBlockingDeque<byte[]> items = HOSTED.get(Long.parseLong(arg));
        try (ch) {
            if (items == null) {
                return;
            }
            while (true) {
                Frame f = ch.read();
                if (f.type() == PUT) {
                    items.add(f.payload());
                } else {
                    byte[] item = items.poll(ByteBuffer.wrap(f.payload()).getLong(), TimeUnit.MILLISECONDS);
                    ch.write(item == null ? EMPTY : ITEM, item == null ? new byte[0] : item);
                    ch.flush();
                }
            }
        } catch (dev.procbook.process.wire.ChannelClosedException e) {
            // that producer or consumer is done
        }
    }

    /** Writes out items this process put but has not yet sent to the hosting process. */
    public synchronized void flush() {
        if (channel != null) {
            channel.flush();
        }
    }

    /**
     * Closes this handle: a remote handle flushes and disconnects; the hosting handle drops the items and stops
     * serving; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            channel.close();
        }
        if (hub != null && HOSTED.remove(id) != null) {
            hub.close();
        }
    }

    @Override
    public String toString() {
        return "Queue[id=" + id + "]";
    }
}
