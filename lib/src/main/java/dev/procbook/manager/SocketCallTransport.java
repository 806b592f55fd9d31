package dev.procbook.manager;

import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;

/** Requests and replies as frames on the connection's socket: for a manager on another host, or no shared memory. */
final class SocketCallTransport implements CallTransport {

    private final FramedChannel channel;

    SocketCallTransport(FramedChannel channel) {
        this.channel = channel;
    }

    @Override
    public void send(byte type, byte[] data, int length) {
        channel.write(type, data, 0, length);
        channel.flush();
    }

    @Override
    public Frame receive() {
        return channel.read();
    }

    @Override
    public void abort() {
        channel.abort();
    }

    @Override
    public boolean isClosed() {
        return channel.isClosed();
    }
}
