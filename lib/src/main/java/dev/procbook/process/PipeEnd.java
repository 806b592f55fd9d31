package dev.procbook.process;

import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.UserClassLoaders;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/** A {@link Connection} end of a {@link Pipe}, connected on first use; serializable until then. */
final class PipeEnd implements Connection, Serializable {

    private static final long serialVersionUID = 1L;
    private static final byte OBJECT = 1;
    private static final byte BYTES = 2;

    private final String broker;
    private final long pipeId;
    private final int end;
    private final boolean readable;
    private final boolean writable;
    private transient volatile FramedChannel channel;
    private transient volatile boolean closed;

    PipeEnd(Path broker, long pipeId, int end, boolean readable, boolean writable) {
        this.broker = broker.toString();
        this.pipeId = pipeId;
        this.end = end;
        this.readable = readable;
        this.writable = writable;
    }

    long pipeId() {
        return pipeId;
    }

    private FramedChannel channel() {
        FramedChannel ch = channel;
        if (ch != null) {
            return ch;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("connection closed: pipe=" + pipeId + ", end=" + end);
            }
            if (channel == null) {
                channel = bind();
            }
            return channel;
        }
    }

    private FramedChannel bind() {
        Path path = Path.of(broker);
        if (PipeRegistry.isLocal(pipeId, path)) {
            try {
                return PipeRegistry.bindLocal(pipeId, end).join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        return Hub.connect(path, Secret.processKey(), PipeRegistry.KIND + ":" + pipeId + ":" + end);
    }

    private void checkWritable() {
        if (!writable) {
            throw new IllegalStateException("connection is read-only: pipe=" + pipeId + ", end=" + end);
        }
    }

    private void checkReadable() {
        if (!readable) {
            throw new IllegalStateException("connection is write-only: pipe=" + pipeId + ", end=" + end);
        }
    }

    @Override
    public void send(Object value) {
        checkWritable();
        if (value != null) {
            UserClassLoaders.register(value.getClass().getClassLoader());
        }
        channel().write(OBJECT, Codec.encode(value));
    }

    @Override
    public void sendBytes(byte[] bytes) {
        checkWritable();
        channel().write(BYTES, bytes);
    }

    @Override
    public void sendBytes(ByteBuffer bytes) {
        checkWritable();
        channel().write(BYTES, bytes);
    }

    @Override
    public Object recv() {
        checkReadable();
        Frame f = channel().read();
        return f.type() == OBJECT ? Codec.decode(f.payload()) : f.payload();
    }

    @Override
    public byte[] recvBytes() {
        checkReadable();
        return channel().read().payload();
    }

    @Override
    public boolean poll(Duration timeout) {
        checkReadable();
        return channel().poll(timeout.toNanos());
    }

    @Override
    public void flush() {
        channel().flush();
    }

    @Override
    public synchronized void close() {
        closed = true;
        FramedChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        if (channel != null) {
            throw new NotSerializableException("connection already in use in this process: pipe=" + pipeId);
        }
        out.defaultWriteObject();
    }

    @Override
    public String toString() {
        return "Connection[pipe=" + pipeId + ", end=" + end + (readable ? ", r" : "") + (writable ? "w" : "") + "]";
    }
}
