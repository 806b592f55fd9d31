package dev.procbook.manager;

import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Handshake;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.SocketDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The manager's listening socket: each connection proves the manager's {@link Secret} in a {@link Handshake}
 * before anything it sends is read further, names a purpose, and is then served by the handler in a thread of its
 * own. A connection that fails the proof is dropped, and the others are served as before.
 *
 * <p>Without an address it listens on a Unix domain socket in a private directory (mode 0700) of this process.
 */
final class AuthenticatedListener implements AutoCloseable {

    /** Serves one proven connection; returns when the connection is done, and the listener closes it. */
    @FunctionalInterface
    interface Handler {
        void serve(String purpose, FramedChannel channel) throws Exception;
    }

    private final ServerSocketChannel server;
    private final ManagerAddress address;
    private final Path privateDirectory;
    private final Secret secret;
    private final Handler handler;
    private final ExecutorService serving;
    private volatile boolean closed;

    /**
     * Listens on {@code requested}, or on a private Unix socket when it is null.
     *
     * @throws UncheckedIOException if the socket cannot be bound
     */
    AuthenticatedListener(ManagerAddress requested, Secret secret, Handler handler, ClassLoader context) {
        this.secret = secret;
        this.handler = handler;
        this.privateDirectory = requested == null ? SocketDirectory.create() : null;
        ManagerAddress bindTo = requested != null ? requested
                : ManagerAddress.unix(privateDirectory.resolve("manager.sock"));
        try {
            server = ServerSocketChannel.open(bindTo.family());
            server.bind(bindTo.socketAddress());
            if (bindTo instanceof ManagerAddress.Unix unix) {
                Files.setPosixFilePermissions(unix.path(), PosixFilePermissions.fromString("rw-------"));
                address = bindTo;
            } else {
                InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
                address = ManagerAddress.tcp(((ManagerAddress.Tcp) bindTo).host(), bound.getPort());
            }
        } catch (IOException e) {
            if (privateDirectory != null) {
                SocketDirectory.delete(privateDirectory);
            }
            throw new UncheckedIOException("cannot listen: address=" + bindTo, e);
        }
        ThreadFactory threads = DaemonThreads.factory("procbook-manager-conn");
        serving = Executors.newCachedThreadPool(r -> {
            Thread t = threads.newThread(r);
            t.setContextClassLoader(context);
            return t;
        });
        DaemonThreads.newThread(this::acceptLoop, "procbook-manager-accept").start();
    }

    /** Where clients connect: the requested address, with the port the system chose for port 0. */
    ManagerAddress address() {
        return address;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel s = server.accept();
                serving.execute(() -> serve(s));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel socket) {
        Thread.interrupted(); // a pooled thread whose last call the watchdog ended starts clean
        try {
            if (address instanceof ManagerAddress.Tcp) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            // a connection without it still works, with more latency
        }
        FramedChannel ch = new FramedChannel(socket, address + "#accepted");
        try (ch) {
            String purpose = Handshake.asServer(ch, secret);
            handler.serve(purpose, ch);
        } catch (Exception e) {
            // a stranger that failed the proof, or a client that went away: only this connection ends
            ch.abort();
        }
    }

    /** Stops accepting, ends the connections' threads and removes the socket file; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        serving.shutdownNow();
        if (privateDirectory != null) {
            SocketDirectory.delete(privateDirectory);
        } else if (address instanceof ManagerAddress.Unix unix) {
            try {
                Files.deleteIfExists(unix.path());
            } catch (IOException e) {
                // left behind: the next bind to it fails and says so
            }
        }
    }
}
