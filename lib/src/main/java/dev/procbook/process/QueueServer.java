package dev.procbook.process;

import dev.procbook.process.QueueProtocol.Get;
import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.ProtocolViolationException;
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
 * get them ({@link QueueProtocol}).
 *
 * <p>Each connection has a reader thread, which applies puts at once and answers gets that need no waiting, and a
 * getter thread that waits for items, so a handle's put is never stuck behind its own waiting get. A batch that
 * cannot be delivered because the consumer went away is put back at the head of the queue.
 */
final class QueueServer {

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, LinkedBlockingDeque<byte[]>> hosted = new ConcurrentHashMap<>();
    private final AtomicLong threads = new AtomicLong();

    /** A new queue's id and its items. */
    record Hosted(long id, LinkedBlockingDeque<byte[]> items) {
    }

    Hosted create() {
        long id = ids.incrementAndGet();
        LinkedBlockingDeque<byte[]> items = new LinkedBlockingDeque<>();
        hosted.put(id, items);
        return new Hosted(id, items);
    }

    boolean drop(long id) {
        return hosted.remove(id) != null;
    }

    /** The hub's handler of {@link QueueProtocol#KIND}: serves one handle's connection until it closes. */
    void serve(String arg, FramedChannel ch) {
        LinkedBlockingDeque<byte[]> items = hosted.get(Long.parseLong(arg));
        if (items == null) {
            ch.abort();
            return;
        }
        SynchronousQueue<Get> gets = new SynchronousQueue<>();
        Thread getter = new Thread(() -> answerGets(items, gets, ch),
                "procbook-queue-get-" + threads.incrementAndGet());
        getter.setDaemon(true);
        getter.start();
        try (ch) {
            while (true) {
                Frame f = ch.read();
                switch (f.type()) {
                    case QueueProtocol.PUT -> items.add(f.payload());
                    case QueueProtocol.GET -> {
                        Get get = Get.decode(f.payload());
                        if (!answerAtOnce(items, get, ch)) {
                            gets.put(get);
                        }
                    }
                    case QueueProtocol.PUT_BACK -> putBack(items, QueueProtocol.decodeBatch(f.payload()));
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
            ch.write(QueueProtocol.EMPTY, new byte[0]);
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
                    ch.write(QueueProtocol.EMPTY, new byte[0]);
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
        if (first.length < QueueProtocol.BATCH_BYTES && get.max() > 1) {
            // one lock acquisition for the whole batch; its size guessed from the first item's
            items.drainTo(batch, Math.min(get.max() - 1, QueueProtocol.BATCH_BYTES / Math.max(1, first.length)));
        }
        deliver(ch, batch, items);
    }

    private static void deliver(FramedChannel ch, List<byte[]> batch, LinkedBlockingDeque<byte[]> items) {
        try {
            if (batch.size() == 1) {
                ch.write(QueueProtocol.ITEM, batch.get(0));
            } else {
                ch.write(QueueProtocol.ITEMS, QueueProtocol.encodeBatch(batch));
            }
            ch.flush();
        } catch (RuntimeException e) {
            putBack(items, batch); // the consumer is gone: its items go to the others
            throw e;
        }
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
