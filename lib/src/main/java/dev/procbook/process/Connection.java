package dev.procbook.process;

import java.time.Duration;

/**
 * One end of a {@link Pipe}: sends and receives objects ({@code send}/{@code recv}) or raw bytes
 * ({@code sendBytes}/{@code recvBytes}, no serialization), like Python's {@code multiprocessing.connection}.
 *
 * <p>An end is serializable: pass it to a task, or send it over another connection, and it connects from
 * wherever it is first used. Sends are buffered and written out by a background thread (or at once by
 * {@link #flush()}, or before this end waits to receive), so bursts of small messages are cheap.
 */
public interface Connection extends AutoCloseable {

    /**
     * Sends {@code value}, serialized.
     *
     * @throws dev.procbook.process.wire.NotSerializableObjectException if it cannot be serialized
     * @throws dev.procbook.process.wire.ChannelClosedException        if either end is closed
     * @throws IllegalStateException if this end is read-only
     */
    void send(Object value);

    /**
     * Receives the next message, waiting for it.
     *
     * @throws dev.procbook.process.wire.ChannelClosedException if the other end closed and nothing is left
     * @throws IllegalStateException if this end is write-only or the message names an unknown class
     */
    Object recv();

    /** Sends {@code bytes} as they are; see {@link #send(Object)}. */
    void sendBytes(byte[] bytes);

    /** Sends the remaining bytes of {@code bytes}, directly from a direct buffer; see {@link #send(Object)}. */
    void sendBytes(java.nio.ByteBuffer bytes);

    /** Receives the next message as bytes; see {@link #recv()}. */
    byte[] recvBytes();

    /**
     * Returns whether a message can be received without waiting, waiting up to {@code timeout} for one.
     *
     * @throws dev.procbook.process.wire.ChannelClosedException if the other end closed and nothing is left
     */
    boolean poll(Duration timeout);

    /** Writes out buffered messages now. */
    void flush();

    /** Flushes and closes this end; idempotent. */
    @Override
    void close();
}
