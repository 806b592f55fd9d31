package dev.procbook.process.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This process's listening socket: peers of the family connect to it, prove the {@link Secret}, name a purpose
 * ({@code "kind:argument"}), and are handed to the handler registered for that kind, each in its own thread.
 *
 * <p>The hub is shared and reference counted: {@link #acquire()} opens it on first use, and when the last holder
 * closes it the socket file and its private directory are removed.
 * {@code try (Hub hub = Hub.acquire()) { hub.handle("echo", (arg, ch) -> ...); }}
 */
public final class Hub implements AutoCloseable {

    /**
     * Receives an authenticated connection whose purpose named this handler's kind; the handler owns the channel
     * and closes it, or keeps it open after returning; if it throws, the hub closes the channel.
     */
    @FunctionalInterface
    public interface Handler {
        /** Serves {@code channel}; {@code argument} is the text after the colon of the purpose. */
        void serve(String argument, FramedChannel channel) throws Exception;
    }

    private static final Object LOCK = new Object();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Map<String, Handler> HANDLERS = new ConcurrentHashMap<>();
    private static Listener listener;
    private static int holders;

    private boolean closed;

    private Hub() {
    }

    /**
     * Opens the process's hub if needed and holds it until {@link #close()}.
     *
     * @throws UncheckedIOException if the socket cannot be created
     */
    public static Hub acquire() {
        synchronized (LOCK) {
            if (listener == null) {
                listener = new Listener();
            }
            holders++;
            return new Hub();
        }
    }

    /** Registers {@code handler} for purposes of {@code kind}, replacing any earlier one; hubs share handlers. */
    public static void handle(String kind, Handler handler) {
        HANDLERS.put(kind, handler);
    }

    /** The path of the socket file that peers connect to. */
    public Path address() {
        synchronized (LOCK) {
            if (closed || listener == null) {
                throw new HandleClosedException("hub: holders=" + holders);
            }
            return listener.socketPath;
        }
    }

    /**
     * Connects to the hub at {@code address}, proves {@code secret} and names {@code purpose}.
     *
     * @throws UncheckedIOException  if nothing listens at {@code address}
     * @throws PeerRejectedException if the handshake fails
     */
    public static FramedChannel connect(Path address, Secret secret, String purpose) {
        FramedChannel ch = FramedChannel.connect(address);
        try {
            Handshake.asClient(ch, secret, purpose);
            return ch;
        } catch (RuntimeException e) {
            ch.abort();
            throw e;
        }
    }

    /** Releases this hold; the last release closes the socket and removes its file; idempotent. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            closed = true;
            if (--holders == 0) {
                listener.close();
                listener = null;
            }
        }
    }

    static Thread newThread(Runnable r, String name) {
        return DaemonThreads.newThread(r, name + "-" + THREADS.incrementAndGet());
    }

    /** The socket, its accept thread and the threads serving connections. */
    private static final class Listener {
        final Path dir = SocketDirectory.create();
        final Path socketPath = dir.resolve("hub.sock");
        final ServerSocketChannel server;
        final ExecutorService serving = Executors.newCachedThreadPool(r -> newThread(r, "procbook-hub-conn"));
        final Thread cleanup = new Thread(() -> SocketDirectory.delete(dir), "procbook-hub-cleanup");

        Listener() {
            try {
                server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(socketPath));
                Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                SocketDirectory.delete(dir);
                throw new UncheckedIOException("cannot listen: path=" + socketPath, e);
            }
            Runtime.getRuntime().addShutdownHook(cleanup);
            newThread(this::acceptLoop, "procbook-hub-accept").start();
        }

        private void acceptLoop() {
            while (server.isOpen()) {
                try {
                    SocketChannel s = server.accept();
                    serving.execute(() -> serve(s));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(SocketChannel s) {
            FramedChannel ch = new FramedChannel(s, socketPath + "#accepted");
            try {
                String purpose = Handshake.asServer(ch, Secret.processKey());
                int colon = purpose.indexOf(':');
                String kind = colon < 0 ? purpose : purpose.substring(0, colon);
                Handler h = HANDLERS.get(kind);
                if (h == null) {
                    ch.abort();
                } else {
                    h.serve(colon < 0 ? "" : purpose.substring(colon + 1), ch);
                }
            } catch (Exception e) {
                // a rejected stranger or a peer that went away: the connection alone is dropped
                ch.abort();
            }
        }

        void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
            serving.shutdownNow();
            SocketDirectory.delete(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs and finds nothing
            }
        }
    }
}
