package dev.procbook.process;

import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection of a {@link Queue} handle used away from the hosting process, with the items it fetched but has
 * not handed out yet.
 *
 * <p>Items come in batches whose size adapts to the consumer: the batch doubles (up to {@value #MAX_BATCH} items)
 * while the previous one was used up at under {@value #FAST_NANOS_PER_ITEM} ns an item, and falls back to one item
 * as soon as the consumer is slower, so slow consumers still share the work item by item. While full batches come
 * (the queue holds more than was asked for), the next one is asked for as soon as one arrives, without waiting on
 * the server's side, so the server prepares it while this process consumes the current one.
 */
final class QueueConnection {

    static final int MAX_BATCH = 1024;
    static final long FAST_NANOS_PER_ITEM = 20_000;
    private static final long PUT_BACK_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    final FramedChannel channel;
    private final ReentrantLock getLock = new ReentrantLock();
    /** The last batch received, read from {@link #cursor}: {@code int length, bytes} per item left. */
    private byte[] batch;
    private ByteBuffer cursor;
    private int left;
    private int window = 1;
    private int lastBatch;
    private long lastBatchAt;
    /** How many items the last request asked for. */
    private int requested;
    /** Whether a request sent ahead of need awaits its answer. */
    private boolean prefetching;

    /** One encoded item inside a larger array. */
    record Slice(byte[] data, int off, int len) {
        static Slice of(byte[] data) {
            return new Slice(data, 0, data.length);
        }
    }

    QueueConnection(FramedChannel channel) {
        this.channel = channel;
    }

    /** Sends one encoded item to the hosting process; buffered like any write on the channel. */
    void put(byte[] item) {
        channel.write(QueueProtocol.PUT, item);
    }

    /** The next item, waiting up to {@code timeoutNanos}, or null if none came in time. */
    Slice get(long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        if (!getLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            Slice next = nextFetched();
            if (next != null) {
                return next;
            }
            if (prefetching) {
                prefetching = false;
                Frame f = channel.read();
                if (f.type() != QueueProtocol.EMPTY && (next = receive(f)) != null) {
                    return next;
                }
            }
            long now = System.nanoTime();
            request(nextWindow(now), Math.max(0, timeoutNanos - (now - start)));
            return receive(channel.read());
        } finally {
            getLock.unlock();
        }
    }

    private void request(int max, long timeoutNanos) {
        requested = max;
        channel.write(QueueProtocol.GET, new QueueProtocol.Get(max, timeoutNanos).encode());
        channel.flush();
    }

    /** Grows the batch while the consumer keeps up, else goes back to one item. */
    private int nextWindow(long now) {
        boolean fast = lastBatch > 0 && now - lastBatchAt <= lastBatch * FAST_NANOS_PER_ITEM;
        window = fast ? Math.min(window * 2, MAX_BATCH) : 1;
        return window;
    }

    /** Takes in an answer and returns its first item; asks ahead for the next batch while batches come. */
    private Slice receive(Frame f) {
        long now = System.nanoTime();
        switch (f.type()) {
            case QueueProtocol.ITEM -> {
                lastBatch = 1;
                lastBatchAt = now;
                return Slice.of(f.payload());
            }
            case QueueProtocol.ITEMS -> {
                int ahead = nextWindow(now);
                batch = f.payload();
                cursor = ByteBuffer.wrap(batch);
                left = cursor.getInt();
                lastBatch = left;
                lastBatchAt = now;
                // a batch smaller than asked for emptied the queue: asking ahead would only split the next one
                boolean full = left >= requested || batch.length >= QueueProtocol.BATCH_BYTES / 2;
                if (ahead > 1 && full) {
                    request(ahead, 0);
                    prefetching = true;
                }
                return nextFetched();
            }
            default -> {
                lastBatch = 0;
                return null;
            }
        }
    }

    private Slice nextFetched() {
        if (left == 0) {
            return null;
        }
        left--;
        int len = cursor.getInt();
        Slice s = new Slice(batch, cursor.position(), len);
        cursor.position(cursor.position() + len);
        return s;
    }

    /** Returns the items fetched but not handed out, in their order, to the hosting process; then closes. */
    void close() {
        boolean locked = false;
        try {
            locked = getLock.tryLock(1, TimeUnit.SECONDS);
            if (locked) {
                List<byte[]> rest = new ArrayList<>();
                for (Slice s = nextFetched(); s != null; s = nextFetched()) {
                    rest.add(Arrays.copyOfRange(s.data(), s.off(), s.off() + s.len()));
                }
                if (prefetching) {
                    prefetching = false;
                    Frame f = channel.read(PUT_BACK_WAIT_NANOS, Integer.MAX_VALUE);
                    if (f != null && f.type() == QueueProtocol.ITEM) {
                        rest.add(f.payload());
                    } else if (f != null && f.type() == QueueProtocol.ITEMS) {
                        rest.addAll(QueueProtocol.decodeBatch(f.payload()));
                    }
                }
                if (!rest.isEmpty()) {
                    channel.write(QueueProtocol.PUT_BACK, QueueProtocol.encodeBatch(rest));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the hosting process is gone, and the items with it
        } finally {
            if (locked) {
                getLock.unlock();
            }
        }
        channel.close();
    }
}
