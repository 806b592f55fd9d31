package dev.procbook.process;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.ObjectDecoder;
import dev.procbook.process.wire.ObjectEncoder;
import dev.procbook.process.wire.ProtocolViolationException;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.WaitInterruptedException;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Connection} end of a {@link Pipe}, connected on first use; serializable until then.
 *
 * <p>An end used in the process that opened the pipe waits for its partner without blocking: sends are kept here
 * (up to {@value #PENDING_LIMIT} bytes) and written when the partner connects. Only what cannot complete without
 * the partner, a receive or a larger send, waits for it, and at most the pipe's connect timeout. An end used
 * elsewhere connects to the opener at once and learns from a {@link PipeProtocol#PAIRED} frame when its partner is
 * there.
 */
final class PipeEnd implements Connection, Serializable {

    private static final long serialVersionUID = 2L;
    /** Sends kept while the partner is not connected; past this a send waits for the partner. */
    static final int PENDING_LIMIT = 1 << 20;

    private final String broker;
    private final long pipeId;
    private final int end;
    private final boolean readable;
    private final boolean writable;
    private final long connectTimeoutNanos;
    /** Set once the channel is usable and everything kept in {@link #pending} has been written to it. */
    private transient volatile FramedChannel channel;
    /** The partner-to-be of an end bound in the opening process; null when not yet bound or bound remotely. */
    private transient CompletableFuture<FramedChannel> connecting;
    private transient List<Frame> pending;
    private transient int pendingBytes;
    /** False until a remotely bound end has read {@link PipeProtocol#PAIRED}. */
    private transient volatile boolean paired;
    private transient volatile boolean closed;
    private transient ObjectEncoder encoder = new ObjectEncoder();
    private transient ObjectDecoder decoder = new ObjectDecoder();

    PipeEnd(Path broker, long pipeId, int end, boolean readable, boolean writable, Duration connectTimeout) {
        this.broker = broker.toString();
        this.pipeId = pipeId;
        this.end = end;
        this.readable = readable;
        this.writable = writable;
        this.connectTimeoutNanos = connectTimeout.toNanos();
    }

    long pipeId() {
        return pipeId;
    }

    /** Binds this end if it is not yet; returns the channel, or null while the partner has not connected. */
    private synchronized FramedChannel bind() {
        if (closed) {
            throw new HandleClosedException("connection: pipe=" + pipeId + ", end=" + end);
        }
        if (channel != null || connecting != null) {
            return channel;
        }
        Path path = Path.of(broker);
        PipeRegistry pipes = ProcessServices.get().pipes;
        if (pipes.isLocal(pipeId, path)) {
            CompletableFuture<FramedChannel> f = pipes.bindLocal(pipeId, end);
            if (f != null) {
                connecting = f;
                pending = new ArrayList<>();
                f.thenAccept(this::adopt);
                return channel;
            }
        }
        paired = false;
        channel = Hub.connect(path, Secret.processKey(), PipeProtocol.purpose(pipeId, end));
        return channel;
    }

    /** Takes over the partner's channel: writes what was kept, then makes it the channel; idempotent. */
    private void adopt(FramedChannel ch) {
        synchronized (this) {
            if (channel == null) {
                paired = true;
                for (Frame f : pending) {
                    ch.write(f.type(), f.payload());
                }
                pending = null;
                pendingBytes = 0;
                channel = ch;
            }
            if (!closed) {
                return;
            }
        }
        ch.close();
    }

    /** The connected channel, waiting at most {@code timeoutNanos} for the partner; null if it is not there. */
    private FramedChannel awaitChannel(long timeoutNanos) {
        FramedChannel ch = channel;
        if (ch != null) {
            return ch;
        }
        ch = bind();
        if (ch != null) {
            return ch;
        }
        try {
            adopt(connecting.get(timeoutNanos, TimeUnit.NANOSECONDS));
            return channel;
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("peer: pipe=" + pipeId + ", end=" + end, e);
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** The channel for a receive, after its partner is there; waits up to the smaller of both timeouts. */
    private FramedChannel readyChannel(long timeoutNanos) {
        long wait = Math.min(timeoutNanos, connectTimeoutNanos);
        long start = System.nanoTime();
        FramedChannel ch = awaitChannel(wait);
        if (ch != null && !paired) {
            awaitPaired(ch, wait - (System.nanoTime() - start));
        }
        if (ch != null && paired) {
            return ch;
        }
        if (timeoutNanos < connectTimeoutNanos) {
            return null;
        }
        throw new PeerNotConnectedException(pipeId, end, Duration.ofNanos(connectTimeoutNanos));
    }

    private void awaitPaired(FramedChannel ch, long timeoutNanos) {
        synchronized (ch) {
            if (paired) {
                return;
            }
            Frame f = ch.read(Math.max(0, timeoutNanos), 0);
            if (f == null) {
                return;
            }
            if (f.type() != PipeProtocol.PAIRED) {
                throw new ProtocolViolationException(ch.name(), "expected the pairing frame: pipe=" + pipeId
                        + ", type=" + f.type());
            }
            paired = true;
        }
    }

    /** Writes a frame; {@code owned} says whether {@code data} may be kept as it is rather than copied. */
    private void write(byte type, byte[] data, boolean owned) {
        FramedChannel ch = channel;
        if (ch == null && (ch = keepOrBind(type, data, owned)) == null) {
            return;
        }
        ch.write(type, data);
    }

    /** Keeps a small send while the partner is away; otherwise returns the channel, waiting for it if need be. */
    private FramedChannel keepOrBind(byte type, byte[] data, boolean owned) {
        synchronized (this) {
            FramedChannel ch = bind();
            if (ch != null) {
                return ch;
            }
            if (pendingBytes + data.length <= PENDING_LIMIT) {
                pending.add(new Frame(type, owned ? data : data.clone()));
                pendingBytes += data.length;
                return null;
            }
        }
        FramedChannel ch = awaitChannel(connectTimeoutNanos);
        if (ch == null) {
            throw new PeerNotConnectedException(pipeId, end, Duration.ofNanos(connectTimeoutNanos));
        }
        return ch;
    }

    private void checkWritable() {
        if (!writable) {
            throw new UnsupportedOperationException("connection is read-only: pipe=" + pipeId + ", end=" + end);
        }
    }

    private void checkReadable() {
        if (!readable) {
            throw new UnsupportedOperationException("connection is write-only: pipe=" + pipeId + ", end=" + end);
        }
    }

    @Override
    public void send(Object value) {
        checkWritable();
        write(PipeProtocol.OBJECT, encoder.encode(value), true);
    }

    @Override
    public void sendBytes(byte[] bytes) {
        checkWritable();
        write(PipeProtocol.BYTES, bytes, false);
    }

    @Override
    public void sendBytes(ByteBuffer bytes) {
        checkWritable();
        FramedChannel ch = channel;
        if (ch == null) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            write(PipeProtocol.BYTES, copy, true);
        } else {
            ch.write(PipeProtocol.BYTES, bytes);
        }
    }

    private Frame read() {
        checkReadable();
        FramedChannel ch = channel;
        if (ch == null || !paired) {
            ch = readyChannel(Long.MAX_VALUE);
        }
        return ch.read();
    }

    @Override
    public Object recv() {
        Frame f = read();
        return f.type() == PipeProtocol.OBJECT ? decoder.decode(f.payload()) : f.payload();
    }

    @Override
    public byte[] recvBytes() {
        return read().payload();
    }

    @Override
    public boolean poll(Duration timeout) {
        checkReadable();
        long start = System.nanoTime();
        long nanos = timeout.toNanos();
        FramedChannel ch = readyChannel(nanos);
        return ch != null && ch.poll(nanos - (System.nanoTime() - start));
    }

    /** Writes out what is buffered; while the partner is not yet connected, what was sent stays kept until it is. */
    @Override
    public void flush() {
        FramedChannel ch = channel;
        if (ch == null) {
            ch = bind();
        }
        if (ch != null) {
            ch.flush();
        }
    }

    /** Closes this end at once; sends kept for a partner that has not connected yet are written when it does. */
    @Override
    public void close() {
        FramedChannel ch;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ch = channel;
        }
        if (ch != null) {
            ch.close();
        }
    }

    /** Fails the wait for a partner that can no longer come, because the pipe was closed. */
    void abandon() {
        CompletableFuture<FramedChannel> f;
        synchronized (this) {
            f = connecting;
        }
        if (f != null) {
            f.completeExceptionally(new ChannelClosedException("pipe " + pipeId + " end " + end));
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        synchronized (this) {
            if (channel != null || connecting != null) {
                throw new NotSerializableException("connection already in use in this process: pipe=" + pipeId);
            }
        }
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        encoder = new ObjectEncoder();
        decoder = new ObjectDecoder();
    }

    @Override
    public String toString() {
        return "Connection[pipe=" + pipeId + ", end=" + end + (readable ? ", r" : "") + (writable ? "w" : "") + "]";
    }
}
