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
     * @throws PeerNotConnectedException if the message is too large to keep until the other end connects and it
     *                                   does not within the pipe's connect timeout
     * @throws UnsupportedOperationException if this end is read-only
     */
    void send(Object value);

    /**
     * Receives the next message, waiting for it.
     *
     * @throws dev.procbook.process.wire.ChannelClosedException if the other end closed and nothing is left
     * @throws PeerNotConnectedException if the other end is not used anywhere within the pipe's connect timeout
     * @throws UnsupportedOperationException if this end is write-only
     * @throws dev.procbook.process.wire.UndecodableObjectException if the message names a class not found here
     * @throws dev.procbook.process.wire.WaitInterruptedException if the thread is interrupted while it waits; the
     *                                   connection stays usable and the next receive gets the message
     */
    Object recv();

    /** Sends {@code bytes} as they are; see {@link #send(Object)}. */
    void sendBytes(byte[] bytes);

    /** Sends the remaining bytes of {@code bytes}, directly from a direct buffer; see {@link #send(Object)}. */
    void sendBytes(java.nio.ByteBuffer bytes);

    /** Receives the next message as bytes; see {@link #recv()}. */
    byte[] recvBytes();

    /**
     * Returns whether a message can be received without waiting, waiting up to {@code timeout} for one; false
     * also when the other end has not connected within {@code timeout}.
     *
     * @throws dev.procbook.process.wire.ChannelClosedException if the other end closed and nothing is left
     * @throws PeerNotConnectedException if {@code timeout} is at least the pipe's connect timeout and the other end
     *                                   did not connect within it
     * @throws dev.procbook.process.wire.WaitInterruptedException if the thread is interrupted while it waits
     */
    boolean poll(Duration timeout);

    /**
     * Writes out buffered messages now; if the other end has not connected yet, returns at once and the messages
     * are written when it does.
     */
    void flush();

    /** Flushes and closes this end without waiting for the other end to connect; idempotent. */
    @Override
    void close();
}
