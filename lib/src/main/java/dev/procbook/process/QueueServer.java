package dev.procbook.process;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.ProtocolViolationException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The items of the queues this process hosts, and the service through which handles in other processes put and
 * get them.
 *
 * <p>Protocol on a hub connection of purpose {@code "queue:ID"}, client to server: {@link #PUT} (one encoded item),
 * {@link #GET} ({@code int max, long timeoutNanos}, 0 for no waiting: at most one outstanding per
 * connection), {@link #PUT_BACK}
 * (items a closing handle received but did not consume, batch format). Server to client, one answer per GET:
 * {@link #ITEM} (one encoded item), {@link #ITEMS} (a batch: {@code int count}, then {@code int length, bytes} per
 * item) or {@link #EMPTY} when nothing arrived within the timeout.
 *
 * <p>Each connection has a reader thread, which applies puts at once and answers gets that need no waiting, and a
 * getter thread that waits for items, so a handle's put is never stuck behind its own waiting get. A batch that cannot be delivered because the consumer
 * went away is put back at the head of the queue.
 */
final class QueueServer {

    static final String KIND = "queue";
    static final byte PUT = 1;
    static final byte GET = 2;
    static final byte ITEM = 3;
    static final byte EMPTY = 4;
    static final byte ITEMS = 5;
    static final byte PUT_BACK = 6;
    /** A batch stops growing past this many bytes, so large items travel one at a time without an extra copy. */
    static final int BATCH_BYTES = 256 * 1024;

    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<Long, LinkedBlockingDeque<byte[]>> HOSTED = new ConcurrentHashMap<>();
    private static final AtomicLong THREADS = new AtomicLong();

    static {
        Hub.handle(KIND, QueueServer::serve);
    }

    private QueueServer() {
    }

    static long create() {
        long id = IDS.incrementAndGet();
        HOSTED.put(id, new LinkedBlockingDeque<>());
        return id;
    }

    static LinkedBlockingDeque<byte[]> items(long id) {
        return HOSTED.get(id);
    }

    static boolean drop(long id) {
        return HOSTED.remove(id) != null;
    }

    private record Get(int max, long timeoutNanos) {
    }

    private static void serve(String arg, FramedChannel ch) {
        LinkedBlockingDeque<byte[]> items = HOSTED.get(Long.parseLong(arg));
        if (items == null) {
            ch.abort();
            return;
        }
        SynchronousQueue<Get> gets = new SynchronousQueue<>();
        Thread getter = new Thread(() -> answerGets(items, gets, ch), "procbook-queue-get-" + THREADS.incrementAndGet());
        getter.setDaemon(true);
        getter.start();
        try (ch) {
            while (true) {
                Frame f = ch.read();
                switch (f.type()) {
                    case PUT -> items.add(f.payload());
                    case GET -> {
                        ByteBuffer b = ByteBuffer.wrap(f.payload());
                        Get get = new Get(b.getInt(), b.getLong());
                        if (!answerAtOnce(items, get, ch)) {
                            gets.put(get);
                        }
                    }
                    case PUT_BACK -> putBack(items, decodeBatch(f.payload()));
                    default -> throw new ProtocolViolationException(ch.name(), "unknown queue frame: type=" + f.type());
                }
            }
        } catch (ChannelClosedException e) {
            // that producer or consumer is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            getter.interrupt();
        }
    }

    /**
     * Answers {@code get} from the reader thread when that needs no waiting: items are there, or the client asked
     * not to wait. Saves the hand-over to the getter thread and back, two thread wake-ups, per batch.
     */
    private static boolean answerAtOnce(LinkedBlockingDeque<byte[]> items, Get get, FramedChannel ch) {
        byte[] first = items.poll();
        if (first != null) {
            deliver(ch, get, first, items);
            return true;
        }
        if (get.timeoutNanos() == 0) {
            ch.write(EMPTY, new byte[0]);
            ch.flush();
            return true;
        }
        return false;
    }

    private static void answerGets(LinkedBlockingDeque<byte[]> items, SynchronousQueue<Get> gets, FramedChannel ch) {
        try {
            while (true) {
                Get get = gets.take();
                byte[] first = items.poll(get.timeoutNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    ch.write(EMPTY, new byte[0]);
                    ch.flush();
                } else {
                    deliver(ch, get, first, items);
                }
            }
        } catch (InterruptedException | ChannelClosedException | java.io.UncheckedIOException e) {
            // the connection closed
        }
    }

    /** Sends {@code first} and as many more items as {@code get} allows and are there at once. */
    private static void deliver(FramedChannel ch, Get get, byte[] first, LinkedBlockingDeque<byte[]> items) {
        List<byte[]> batch = new ArrayList<>();
        batch.add(first);
        if (first.length < BATCH_BYTES && get.max() > 1) {
            // one lock acquisition for the whole batch; its size guessed from the first item's
            items.drainTo(batch, Math.min(get.max() - 1, BATCH_BYTES / Math.max(1, first.length)));
        }
        deliver(ch, batch, items);
    }

    private static void deliver(FramedChannel ch, List<byte[]> batch, LinkedBlockingDeque<byte[]> items) {
        try {
            if (batch.size() == 1) {
                ch.write(ITEM, batch.get(0));
            } else {
                ch.write(ITEMS, encodeBatch(batch));
            }
            ch.flush();
        } catch (RuntimeException e) {
            putBack(items, batch); // the consumer is gone: its items go to the others
            throw e;
        }
    }

    static byte[] encodeBatch(List<byte[]> batch) {
        int size = 4;
        for (byte[] item : batch) {
            size += 4 + item.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(batch.size());
        for (byte[] item : batch) {
            b.putInt(item.length).put(item);
        }
        return b.array();
    }

    static List<byte[]> decodeBatch(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int n = b.getInt();
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] item = new byte[b.getInt()];
            b.get(item);
            out.add(item);
        }
        return out;
    }

    /**
     * Returns items to the head of the queue in their order; a consumer getting meanwhile may take one of them
     * before an earlier one, but none is lost or doubled.
     */
    static void putBack(LinkedBlockingDeque<byte[]> items, List<byte[]> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) {
            items.addFirst(batch.get(i));
        }
    }
}
