package dev.procbook.process.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing half of a {@link FramedChannel}: frames go to a buffer that the {@link Flusher} writes out unless the
 * sender flushes first. Writes are serialized by one lock; the buffer starts at 64 KiB and grows to
 * {@link FramedChannel#LARGE_BUFFER} for the first larger frame.
 */
final class ChannelWriter {

    /** The buffer starts this size, enough to batch thousands of small frames per system call. */
    private static final int BUFFER = 64 * 1024;

    private final ChannelSocket socket;
    private final Flusher flusher;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
    private Selector selector;

    ChannelWriter(ChannelSocket socket, Flusher flusher) {
        this.socket = socket;
        this.flusher = flusher;
    }

    void write(byte type, byte[] data, int off, int len) {
        lock.lock();
        try {
            grow(len);
            ensureSpace(FramedChannel.HEADER);
            buf.putInt(len).put(type);
            while (len > 0) {
                if (!buf.hasRemaining()) {
                    flushLocked();
                }
                int n = Math.min(len, buf.remaining());
                buf.put(data, off, n);
                off += n;
                len -= n;
            }
        } finally {
            lock.unlock();
        }
        scheduleFlush();
    }

    void write(byte type, ByteBuffer data) {
        if (!data.isDirect() && data.hasArray()) {
            write(type, data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
            return;
        }
        lock.lock();
        try {
            ensureSpace(FramedChannel.HEADER);
            buf.putInt(data.remaining()).put(type);
            if (data.remaining() <= buf.remaining()) {
                buf.put(data);
            } else {
                flushLocked();
                writeFully(data);
            }
        } finally {
            lock.unlock();
        }
        scheduleFlush();
    }

    /** Before a frame of {@code len} bytes larger than the buffer, writes out what is buffered and grows it. */
    private void grow(int len) {
        if (len > buf.capacity() && buf.capacity() < FramedChannel.LARGE_BUFFER) {
            flushLocked();
            buf = ByteBuffer.allocateDirect(FramedChannel.LARGE_BUFFER);
        }
    }

    private void ensureSpace(int n) {
        if (buf.remaining() < n) {
            flushLocked();
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled.get() && flushScheduled.compareAndSet(false, true)) {
            flusher.schedule(this);
        }
    }

    /** Whether something written waits for the flusher. */
    boolean hasPending() {
        return flushScheduled.get();
    }

    void flush() {
        lock.lock();
        try {
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    private void flushLocked() {
        buf.flip();
        try {
            writeFully(buf);
        } finally {
            buf.compact();
        }
        // nothing left for the flusher; a later write schedules it again
        flushScheduled.set(false);
    }

    private void writeFully(ByteBuffer src) {
        try {
            while (src.hasRemaining()) {
                if (socket.socket.write(src) == 0) {
                    if (selector == null) {
                        selector = socket.selector(SelectionKey.OP_WRITE);
                    }
                    socket.select(selector, 100);
                }
            }
        } catch (IOException e) {
            throw socket.failure(e);
        }
    }

    /** Called by the flusher thread; returns false if it should try again later. */
    boolean flushFromFlusher() {
        if (socket.isClosed() || !flushScheduled.get()) {
            return true;
        }
        if (!lock.tryLock()) {
            return false;
        }
        try {
            flushScheduled.set(false);
            buf.flip();
            try {
                socket.socket.write(buf);
            } catch (IOException e) {
                return true; // the next send or read reports the broken channel
            } finally {
                buf.compact();
            }
            if (buf.position() > 0) {
                flushScheduled.set(true);
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Writes out what is buffered if the peer still reads, giving up after about a second; for closing. */
    void flushBeforeClose() {
        try {
            if (!lock.tryLock(100, TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            buf.flip();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (buf.hasRemaining() && System.nanoTime() < deadline) {
                if (socket.socket.write(buf) == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        } catch (IOException e) {
            // the peer is gone; nothing left to deliver
        } finally {
            buf.clear();
            lock.unlock();
        }
    }

    void close() {
        ChannelSocket.closeQuietly(selector);
    }
}
