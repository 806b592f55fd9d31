package dev.procbook.process.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A socket carrying length-prefixed frames ({@code int length, byte type, payload}), with buffered writes.
 *
 * <p>Writes go to a buffer that a background thread flushes, so a burst of small frames costs few system calls;
 * {@link #flush()} writes at once, and every read flushes first so that request and reply never wait on a buffer.
 * Reads and writes may happen in different threads; each direction is serialized by its own lock. Each direction
 * buffers 64 KiB, grown to 1 MiB once a larger frame passes, so idle channels stay small. A read that
 * finds nothing retries for a moment before it sleeps, as long as retrying keeps paying off ({@link SpinBudget}).
 *
 * <p>A read that has to wait ends with a {@link WaitInterruptedException} when its thread is interrupted, and the
 * channel stays usable: a frame cut short is finished by the next read.
 */
public final class FramedChannel implements AutoCloseable {

    static final int HEADER = 5;
    /** Each direction's buffer starts this size, enough to batch thousands of small frames per system call... */
    private static final int BUFFER = 64 * 1024;
    /** ...and grows to this size for the first frame larger than it: fewer system calls for large payloads. */
    static final int LARGE_BUFFER = 1024 * 1024;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    /**
     * A waiting read sleeps at most this long at a time: JDK 17 stops a notebook cell with {@code Thread.stop},
     * which does not wake a thread sleeping in the selector, so the stop lands only when the sleep ends.
     */
    private static final long WAIT_SLICE_MILLIS = 200;

    private final SocketChannel socket;
    private final String name;
    private final Selector readSelector;
    private Selector writeSelector;
    private ByteBuffer readBuf = ByteBuffer.allocateDirect(BUFFER).flip();
    private ByteBuffer writeBuf = ByteBuffer.allocateDirect(BUFFER);
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final SpinBudget spin = new SpinBudget();
    /** The frame being read when a read was interrupted in its payload, and how much of it has arrived. */
    private byte partType;
    private byte[] partPayload;
    private int partRead;
    private volatile boolean closed;

    /** Wraps a connected socket; {@code name} describes it in exception messages. */
    public FramedChannel(SocketChannel socket, String name) {
        this.socket = socket;
        this.name = name;
        try {
            socket.configureBlocking(false);
            trySetBuffers(socket);
            readSelector = Selector.open();
            socket.register(readSelector, SelectionKey.OP_READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up channel: channel=" + name, e);
        }
    }

    /**
     * Connects to the Unix domain socket at {@code path}.
     *
     * @throws UncheckedIOException if nothing listens there
     */
    public static FramedChannel connect(Path path) {
        try {
            SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(path));
            return new FramedChannel(s, path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect: path=" + path, e);
        }
    }

    private static void trySetBuffers(SocketChannel socket) {
        try {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
            socket.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
        } catch (IOException | UnsupportedOperationException e) {
            // the kernel's defaults still work, only more slowly for large payloads
        }
    }

    /** A short description of this channel, used in exception messages. */
    public String name() {
        return name;
    }

    /**
     * Buffers a frame of {@code type} carrying {@code len} bytes of {@code data} from {@code off}.
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public void write(byte type, byte[] data, int off, int len) {
        writeLock.lock();
        try {
            growWriteBuffer(len);
            ensureSpace(HEADER);
            writeBuf.putInt(len).put(type);
            while (len > 0) {
                if (!writeBuf.hasRemaining()) {
                    flushLocked();
                }
                int n = Math.min(len, writeBuf.remaining());
                writeBuf.put(data, off, n);
                off += n;
                len -= n;
            }
        } finally {
            writeLock.unlock();
        }
        scheduleFlush();
    }

    /** Buffers a frame of {@code type} carrying all of {@code data}; see {@link #write(byte, byte[], int, int)}. */
    public void write(byte type, byte[] data) {
        write(type, data, 0, data.length);
    }

    /**
     * Writes a frame of {@code type} carrying the remaining bytes of {@code data}, directly if it is large.
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public void write(byte type, ByteBuffer data) {
        if (!data.isDirect() && data.hasArray()) {
            write(type, data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
            return;
        }
        writeLock.lock();
        try {
            ensureSpace(HEADER);
            writeBuf.putInt(data.remaining()).put(type);
            if (data.remaining() <= writeBuf.remaining()) {
                writeBuf.put(data);
            } else {
                flushLocked();
                writeFully(data);
            }
        } finally {
            writeLock.unlock();
        }
        scheduleFlush();
    }

    /** Before a frame of {@code len} bytes larger than the buffer, writes out what is buffered and grows it. */
    private void growWriteBuffer(int len) {
        if (len > writeBuf.capacity() && writeBuf.capacity() < LARGE_BUFFER) {
            flushLocked();
            writeBuf = ByteBuffer.allocateDirect(LARGE_BUFFER);
        }
    }

    private void ensureSpace(int n) {
        if (writeBuf.remaining() < n) {
            flushLocked();
        }
    }

    private void scheduleFlush() {
        if (!flushScheduled.get() && flushScheduled.compareAndSet(false, true)) {
            Flusher.schedule(this);
        }
    }

    /**
     * Writes out everything buffered, waiting while the socket is full.
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public void flush() {
        writeLock.lock();
        try {
            flushLocked();
        } finally {
            writeLock.unlock();
        }
    }

    private void flushLocked() {
        writeBuf.flip();
        try {
            writeFully(writeBuf);
        } finally {
            writeBuf.compact();
        }
        // nothing left for the flusher; a later write schedules it again
        flushScheduled.set(false);
    }

    private void writeFully(ByteBuffer src) {
        try {
            while (src.hasRemaining()) {
                if (socket.write(src) == 0) {
                    awaitWritable();
                }
            }
        } catch (IOException e) {
            throw closedOr(e);
        }
    }

    private void awaitWritable() throws IOException {
        if (closed) {
            throw new ChannelClosedException(name);
        }
        if (writeSelector == null) {
            writeSelector = Selector.open();
            socket.register(writeSelector, SelectionKey.OP_WRITE);
        }
        try {
            writeSelector.select(100);
            writeSelector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new ChannelClosedException(name);
        }
    }

    /** Called by the flusher thread; returns false if it should try again later. */
    boolean flushFromFlusher() {
        if (closed || !flushScheduled.get()) {
            return true;
        }
        if (!writeLock.tryLock()) {
            return false;
        }
        try {
            flushScheduled.set(false);
            writeBuf.flip();
            try {
                socket.write(writeBuf);
            } catch (IOException e) {
                return true; // the next send or read reports the broken channel
            } finally {
                writeBuf.compact();
            }
            if (writeBuf.position() > 0) {
                flushScheduled.set(true);
                return false;
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Reads the next frame, waiting for it without limit.
     *
     * @throws ChannelClosedException if the peer closed the channel or it was closed locally
     */
    public Frame read() {
        return read(-1, Integer.MAX_VALUE);
    }

    /**
     * Reads the next frame, waiting at most {@code timeoutNanos} (negative: forever) and refusing frames longer
     * than {@code maxLength}.
     *
     * @return the frame, or null if none arrived in time
     * @throws ChannelClosedException    if the peer closed the channel or it was closed locally
     * @throws ProtocolViolationException if the frame is longer than {@code maxLength}
     * @throws WaitInterruptedException if the thread is interrupted while the read waits
     */
    public Frame read(long timeoutNanos, int maxLength) {
        flushIfPending();
        readLock.lock();
        try {
            if (partPayload == null) {
                long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
                if (!fill(HEADER, deadline)) {
                    return null;
                }
                startFrame(maxLength);
            }
            readPayload();
            Frame f = new Frame(partType, partPayload);
            partPayload = null;
            return f;
        } finally {
            readLock.unlock();
        }
    }

    private void startFrame(int maxLength) {
        int len = readBuf.getInt(readBuf.position());
        if (len < 0 || len > maxLength) {
            throw new ProtocolViolationException(name, "frame too long: length=" + len + ", max=" + maxLength);
        }
        readBuf.getInt();
        partType = readBuf.get();
        if (len > readBuf.capacity() && readBuf.capacity() < LARGE_BUFFER) {
            readBuf = ByteBuffer.allocateDirect(LARGE_BUFFER).put(readBuf).flip();
        }
        partPayload = new byte[len];
        partRead = 0;
    }

    private void flushIfPending() {
        if (flushScheduled.get()) {
            flush();
        }
    }

    private void readPayload() {
        while (partRead < partPayload.length) {
            if (!readBuf.hasRemaining()) {
                fill(1, Long.MAX_VALUE);
            }
            int n = Math.min(readBuf.remaining(), partPayload.length - partRead);
            readBuf.get(partPayload, partRead, n);
            partRead += n;
        }
    }

    /**
     * Returns true when a frame (or part of one) can be read without waiting, waiting up to {@code timeoutNanos}.
     *
     * @throws ChannelClosedException    if the peer closed the channel and nothing is left to read
     * @throws WaitInterruptedException if the thread is interrupted while the poll waits
     */
    public boolean poll(long timeoutNanos) {
        flushIfPending();
        readLock.lock();
        try {
            return fill(1, System.nanoTime() + Math.max(0, timeoutNanos));
        } finally {
            readLock.unlock();
        }
    }

    private boolean fill(int needed, long deadline) {
        try {
            long spinUntil = -1; // -1: no wait yet; 0: not retrying; else retrying until then
            while (readBuf.remaining() < needed) {
                readBuf.compact();
                int n;
                try {
                    n = socket.read(readBuf);
                } finally {
                    readBuf.flip();
                }
                if (n < 0) {
                    throw new ChannelClosedException(name);
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
                    throw new WaitInterruptedException("read: channel=" + name);
                }
                if (!awaitReadable(deadline)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw closedOr(e);
        }
    }

    private boolean awaitReadable(long deadline) throws IOException {
        if (closed) {
            throw new ChannelClosedException(name);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        long millis = Math.min(WAIT_SLICE_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        try {
            readSelector.select(millis);
            readSelector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new ChannelClosedException(name);
        }
        return true;
    }

    private RuntimeException closedOr(IOException e) {
        if (closed || !socket.isOpen()) {
            return new ChannelClosedException(name);
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("Broken pipe") || msg.contains("Connection reset")) {
            return new ChannelClosedException(name);
        }
        return new UncheckedIOException("channel failed: channel=" + name, e);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Writes out what is buffered if the peer still reads, then closes the socket; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (writeLock.tryLock(100, TimeUnit.MILLISECONDS)) {
                try {
                    flushQuietly();
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        closeQuietly();
    }

    /** Closes the socket at once, dropping anything buffered; idempotent. */
    public void abort() {
        closed = true;
        closeQuietly();
    }

    private void flushQuietly() {
        try {
            writeBuf.flip();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (writeBuf.hasRemaining() && System.nanoTime() < deadline) {
                if (socket.write(writeBuf) == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        } catch (IOException e) {
            // the peer is gone; nothing left to deliver
        } finally {
            writeBuf.clear();
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
            readSelector.wakeup();
            readSelector.close();
            if (writeSelector != null) {
                writeSelector.wakeup();
                writeSelector.close();
            }
        } catch (IOException e) {
            // closing: nothing to report
        }
    }

    @Override
    public String toString() {
        return "FramedChannel[" + name + "]";
    }
}
