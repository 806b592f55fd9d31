package dev.procbook.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reading half of a {@link FramedChannel}: reads are serialized by one lock, buffered (64 KiB, grown to
 * {@link FramedChannel#LARGE_BUFFER} for the first larger frame), and retry for a moment before they sleep while
 * retrying pays off ({@link SpinBudget}). A frame whose payload was cut short by an interrupt is finished by the
 * next read.
 */
final class ChannelReader {

    private static final int BUFFER = 64 * 1024;
    /**
     * A waiting read sleeps at most this long at a time: JDK 17 stops a notebook cell with {@code Thread.stop},
     * which does not wake a thread sleeping in the selector, so the stop lands only when the sleep ends.
     */
    private static final long WAIT_SLICE_MILLIS = 200;

    private final ChannelSocket socket;
    private final Selector selector;
    private final ReentrantLock lock = new ReentrantLock();
    private final SpinBudget spin = new SpinBudget(SpinBudget.CHANNEL);
    private ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).flip();
    /** The frame being read when a read was interrupted in its payload, and how much of it has arrived. */
    private byte partType;
    private byte[] partPayload;
    private int partRead;

    ChannelReader(ChannelSocket socket) {
        this.socket = socket;
        this.selector = socket.selector(SelectionKey.OP_READ);
    }

    Frame read(long timeoutNanos, int maxLength) {
        lock.lock();
        try {
            if (partPayload == null) {
                long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
                if (!fill(FramedChannel.HEADER, deadline)) {
                    return null;
                }
                startFrame(maxLength);
            }
            readPayload();
            Frame f = new Frame(partType, partPayload);
            partPayload = null;
            return f;
        } finally {
            lock.unlock();
        }
    }

    private void startFrame(int maxLength) {
        int len = buf.getInt(buf.position());
        if (len < 0 || len > maxLength) {
            throw new ProtocolViolationException(socket.name, "frame too long: length=" + len + ", max=" + maxLength);
        }
        buf.getInt();
        partType = buf.get();
        if (len > buf.capacity() && buf.capacity() < FramedChannel.LARGE_BUFFER) {
            buf = ByteBuffer.allocateDirect(FramedChannel.LARGE_BUFFER).put(buf).flip();
        }
        partPayload = new byte[len];
        partRead = 0;
    }

    private void readPayload() {
        while (partRead < partPayload.length) {
            if (!buf.hasRemaining()) {
                fill(1, Long.MAX_VALUE);
            }
            int n = Math.min(buf.remaining(), partPayload.length - partRead);
            buf.get(partPayload, partRead, n);
            partRead += n;
        }
    }

    boolean poll(long timeoutNanos) {
        lock.lock();
        try {
            return fill(1, System.nanoTime() + Math.max(0, timeoutNanos));
        } finally {
            lock.unlock();
        }
    }

    private boolean fill(int needed, long deadline) {
        try {
            long spinUntil = -1; // -1: no wait yet; 0: not retrying; else retrying until then
            while (buf.remaining() < needed) {
                buf.compact();
                int n;
                try {
                    n = socket.socket.read(buf);
                } finally {
                    buf.flip();
                }
                if (n < 0) {
                    throw new ChannelClosedException(socket.name);
                }
                if (n > 0) {
                    if (spinUntil > 0) {
                        spin.arrived();
                        spinUntil = -1;
                    }
                    continue;
                }
                long now = System.nanoTime();
                if (spinUntil < 0) {
                    long budget = spin.budgetNanos();
                    spinUntil = budget == 0 || deadline <= now ? 0 : Math.min(now + budget, deadline);
                }
                if (now < spinUntil) {
                    Thread.yield(); // lets a peer sharing this core run
                    continue;
                }
                if (spinUntil > 0) {
                    spin.missed();
                    spinUntil = 0;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new WaitInterruptedException("read: channel=" + socket.name);
                }
                if (!awaitReadable(deadline)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw socket.failure(e);
        }
    }

    private boolean awaitReadable(long deadline) throws IOException {
        if (socket.isClosed()) {
            throw new ChannelClosedException(socket.name);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        socket.select(selector, Math.min(WAIT_SLICE_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
        return true;
    }

    void close() {
        ChannelSocket.closeQuietly(selector);
    }
}
