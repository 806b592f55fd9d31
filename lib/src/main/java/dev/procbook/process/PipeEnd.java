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
 * there. Which of the two an end is, is decided once, when it is bound; its {@link State} says where it stands.
 */
final class PipeEnd implements Connection, Serializable {

    private static final long serialVersionUID = 2L;
    /** Sends kept while the partner is not connected; past this a send waits for the partner. */
    static final int PENDING_LIMIT = 1 << 20;

    /** Where an end stands; changed under the end's lock, read without it. */
    private sealed interface State {
    }

    /** Not used yet in this process. */
    private record Unbound() implements State {
    }

    /** Bound in the opening process, its partner not there yet: sends are kept until it comes. */
    private record Kept(CompletableFuture<FramedChannel> partner, List<Frame> frames, int bytes) implements State {
        Kept plus(Frame f) {
            frames.add(f);
            return new Kept(partner, frames, bytes + f.payload().length);
        }

        void writeTo(FramedChannel ch) {
            for (Frame f : frames) {
                ch.write(f.type(), f.payload());
            }
        }
    }

    /** Connected through the opener's hub, which has not yet said that the partner is there; sends go out. */
    private record Unpaired(FramedChannel channel) implements State {
    }

    /** Connected to its partner. */
    private record Open(FramedChannel channel) implements State {
    }

    /**
     * Closed here; {@code kept} are sends still to be written when the partner comes, and {@code used} says whether
     * the end was bound before.
     */
    private record Closed(Kept kept, boolean used) implements State {
    }

    private static final State UNBOUND = new Unbound();

    private final String broker;
    private final long pipeId;
    private final int end;
    private final boolean readable;
    private final boolean writable;
    private final long connectTimeoutNanos;
    private transient volatile State state = UNBOUND;
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

    /** The channel sends can go to now: connected, paired or not; else null. */
    private static FramedChannel sendChannel(State s) {
        if (s instanceof Open o) {
            return o.channel();
        }
        return s instanceof Unpaired u ? u.channel() : null;
    }

    /** Binds this end if it is not yet; returns the channel sends can go to, or null while sends are kept. */
    private synchronized FramedChannel bind() {
        State s = state;
        if (s instanceof Closed) {
            throw new HandleClosedException("connection: pipe=" + pipeId + ", end=" + end);
        }
        if (!(s instanceof Unbound)) {
            return sendChannel(s);
        }
        Path path = Path.of(broker);
        PipeRegistry pipes = ProcessServices.get().pipes;
        if (pipes.isLocal(pipeId, path)) {
            CompletableFuture<FramedChannel> f = pipes.bindLocal(pipeId, end);
            if (f != null) {
                state = new Kept(f, new ArrayList<>(), 0);
                f.thenAccept(this::adopt); // at once if the partner is there: the end is then open
                return sendChannel(state);
            }
        }
        FramedChannel ch = Hub.connect(path, Secret.processKey(), PipeProtocol.purpose(pipeId, end));
        state = new Unpaired(ch);
        return ch;
    }

    /** Takes over the partner's channel: writes what was kept, then makes it the channel; idempotent. */
    private void adopt(FramedChannel ch) {
        synchronized (this) {
            State s = state;
            if (s instanceof Kept k) {
                k.writeTo(ch);
                state = new Open(ch);
                return;
            }
            if (!(s instanceof Closed c) || c.kept() == null) {
                return; // adopted already
            }
            c.kept().writeTo(ch); // closed before the partner came: what was sent still reaches it
            state = new Closed(null, true);
        }
        ch.close();
    }

    private synchronized CompletableFuture<FramedChannel> partner() {
        State s = state;
        if (s instanceof Kept k) {
            return k.partner();
        }
        return s instanceof Closed c && c.kept() != null ? c.kept().partner() : null;
    }

    /** The channel sends can go to, waiting at most {@code timeoutNanos} for the partner; null if it is not there. */
    private FramedChannel awaitChannel(long timeoutNanos) {
        FramedChannel ch = bind();
        if (ch != null) {
            return ch;
        }
        CompletableFuture<FramedChannel> partner = partner();
        if (partner == null) {
            return sendChannel(state);
        }
        try {
            adopt(partner.get(timeoutNanos, TimeUnit.NANOSECONDS));
            if (state instanceof Closed) {
                throw new ChannelClosedException("pipe " + pipeId + " end " + end); // closed here while it waited
            }
            return sendChannel(state);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("peer: pipe=" + pipeId + ", end=" + end, e);
        } catch (ExecutionException | CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        }
    }

    /** The channel for a receive, after its partner is there; waits up to the smaller of both timeouts. */
    private FramedChannel readyChannel(long timeoutNanos) {
        long wait = Math.min(timeoutNanos, connectTimeoutNanos);
        long start = System.nanoTime();
        FramedChannel ch = awaitChannel(wait);
        if (ch != null && state instanceof Unpaired) {
            awaitPaired(ch, wait - (System.nanoTime() - start));
        }
        if (ch != null && state instanceof Open) {
            return ch;
        }
        if (timeoutNanos < connectTimeoutNanos) {
            return null;
        }
        throw new PeerNotConnectedException(pipeId, end, Duration.ofNanos(connectTimeoutNanos));
    }

    /** Reads the {@link PipeProtocol#PAIRED} frame of an end bound through the hub, if it comes in time. */
    private void awaitPaired(FramedChannel ch, long timeoutNanos) {
        synchronized (ch) {
            if (!(state instanceof Unpaired)) {
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
            synchronized (this) {
                if (state instanceof Unpaired) {
                    state = new Open(ch);
                }
            }
        }
    }

    /** Writes a frame; {@code owned} says whether {@code data} may be kept as it is rather than copied. */
    private void write(byte type, byte[] data, boolean owned) {
        FramedChannel ch = sendChannel(state);
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
            Kept k = (Kept) state; // bind() returns null for nothing else
            if (k.bytes() + data.length <= PENDING_LIMIT) {
                state = k.plus(new Frame(type, owned ? data : data.clone()));
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
        FramedChannel ch = sendChannel(state);
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
        FramedChannel ch = state instanceof Open o ? o.channel() : readyChannel(Long.MAX_VALUE);
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
        FramedChannel ch = sendChannel(state);
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
            State s = state;
            if (s instanceof Closed) {
                return;
            }
            state = new Closed(s instanceof Kept k ? k : null, !(s instanceof Unbound));
            ch = sendChannel(s);
        }
        if (ch != null) {
            ch.close();
        }
    }

    /** Fails the wait for a partner that can no longer come, because the pipe was closed. */
    void abandon() {
        CompletableFuture<FramedChannel> f = partner();
        if (f != null) {
            f.completeExceptionally(new ChannelClosedException("pipe " + pipeId + " end " + end));
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        State s = state;
        if (!(s instanceof Unbound) && !(s instanceof Closed c && !c.used())) {
            throw new NotSerializableException("connection already in use in this process: pipe=" + pipeId);
        }
        out.defaultWriteObject();
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        state = UNBOUND;
        encoder = new ObjectEncoder();
        decoder = new ObjectDecoder();
    }

    @Override
    public String toString() {
        return "Connection[pipe=" + pipeId + ", end=" + end + (readable ? ", r" : "") + (writable ? "w" : "") + "]";
    }
}
