package dev.procbook.process.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The socket under a {@link FramedChannel}, shared by its {@link ChannelReader} and {@link ChannelWriter}: whether it
 * was closed here, how a failed system call is reported, and waiting in a selector.
 */
final class ChannelSocket {

    final SocketChannel socket;
    final String name;
    private volatile boolean closed;

    ChannelSocket(SocketChannel socket, String name) {
        this.socket = socket;
        this.name = name;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    /** A selector for {@code ops} on this socket. */
    Selector selector(int ops) {
        try {
            Selector s = Selector.open();
            socket.register(s, ops);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up channel: channel=" + name, e);
        }
    }

    /** Waits in {@code selector} at most {@code millis}. */
    void select(Selector selector, long millis) throws IOException {
        if (closed) {
            throw new ChannelClosedException(name);
        }
        try {
            selector.select(millis);
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new ChannelClosedException(name);
        }
    }

    /** What a failed read or write means: the channel closed, here or by the peer, or a real failure. */
    RuntimeException failure(IOException e) {
        if (closed || !socket.isOpen()) {
            return new ChannelClosedException(name);
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("Broken pipe") || msg.contains("Connection reset")) {
            return new ChannelClosedException(name);
        }
        return new UncheckedIOException("channel failed: channel=" + name, e);
    }

    static void closeQuietly(Selector selector) {
        if (selector == null) {
            return;
        }
        try {
            selector.wakeup();
            selector.close();
        } catch (IOException e) {
            // closing: nothing to report
        }
    }
}
