package dev.procbook.manager;

import dev.procbook.process.wire.Frame;

/**
 * How one calls connection carries a request or a reply (see {@link ManagerProtocol}): over its socket, or through
 * a mailbox in shared memory. Used by one thread at a time: the client thread that owns the connection, or the
 * manager's thread that serves it.
 */
interface CallTransport {

    /**
     * Sends one message of {@code type} made of the first {@code length} bytes of {@code data}.
     *
     * @throws dev.procbook.process.wire.ChannelClosedException if the peer is gone
     */
    void send(byte type, byte[] data, int length);

    /**
     * The next message from the peer, waiting as long as it takes.
     *
     * @throws dev.procbook.process.wire.ChannelClosedException     if the peer is gone
     * @throws dev.procbook.process.wire.WaitInterruptedException if the waiting thread is interrupted
     */
    Frame receive();

    /** Drops the connection at once; idempotent. */
    void abort();

    /** Whether {@link #abort()} was called, here or because the peer went away. */
    boolean isClosed();
}
