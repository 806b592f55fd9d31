package dev.procbook.process.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A socket carrying length-prefixed frames ({@code int length, byte type, payload}), with buffered writes: a
 * {@link ChannelWriter} and a {@link ChannelReader} over one socket.
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
    /** Each direction's buffer grows to this size for the first frame larger than 64 KiB. */
    static final int LARGE_BUFFER = 1024 * 1024;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final ChannelSocket socket;
    private final ChannelReader reader;
    private final ChannelWriter writer;

    /** Wraps a connected socket; {@code name} describes it in exception messages. */
    public FramedChannel(SocketChannel socket, String name) {
        try {
            socket.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up channel: channel=" + name, e);
        }
        trySetBuffers(socket);
        this.socket = new ChannelSocket(socket, name);
        this.reader = new ChannelReader(this.socket);
        this.writer = new ChannelWriter(this.socket, Wiring.get().flusher());
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
        return socket.name;
    }

    /**
     * Buffers a frame of {@code type} carrying {@code len} bytes of {@code data} from {@code off}.
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public void write(byte type, byte[] data, int off, int len) {
        writer.write(type, data, off, len);
    }

    /** Buffers a frame of {@code type} carrying all of {@code data}; see {@link #write(byte, byte[], int, int)}. */
    public void write(byte type, byte[] data) {
        writer.write(type, data, 0, data.length);
    }

    /**
     * Writes a frame of {@code type} carrying the remaining bytes of {@code data}, directly if it is large.
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public void write(byte type, ByteBuffer data) {
        writer.write(type, data);
    }

    /**
     * Writes out everything buffered, waiting while the socket is full.
     *
     * @throws ChannelClosedException if the channel is closed
     */
    public void flush() {
        writer.flush();
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
     * @throws ChannelClosedException      if the peer closed the channel or it was closed locally
     * @throws ProtocolViolationException if the frame is longer than {@code maxLength}
     * @throws WaitInterruptedException   if the thread is interrupted while the read waits
     */
    public Frame read(long timeoutNanos, int maxLength) {
        flushIfPending();
        return reader.read(timeoutNanos, maxLength);
    }

    private void flushIfPending() {
        if (writer.hasPending()) {
            writer.flush();
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
        return reader.poll(timeoutNanos);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return socket.isClosed();
    }

    /** Writes out what is buffered if the peer still reads, then closes the socket; idempotent. */
    @Override
    public void close() {
        if (socket.isClosed()) {
            return;
        }
        writer.flushBeforeClose();
        abort();
    }

    /** Closes the socket at once, dropping anything buffered; idempotent. */
    public void abort() {
        socket.markClosed();
        try {
            socket.socket.close();
        } catch (IOException e) {
            // closing: nothing to report
        }
        reader.close();
        writer.close();
    }

    @Override
    public String toString() {
        return "FramedChannel[" + socket.name + "]";
    }
}
