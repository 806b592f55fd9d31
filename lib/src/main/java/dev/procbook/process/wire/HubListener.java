package dev.procbook.process.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The hub's socket, its accept thread and the threads serving connections: each connection proves the
 * {@link Secret}, names a purpose ({@code "kind:argument"}) and is handed to the {@link Wiring}'s handler of that kind.
 */
final class HubListener {

    final Path dir = SocketDirectory.create();
    final Path socketPath = dir.resolve("hub.sock");
    private final Wiring wiring;
    private final ServerSocketChannel server;
    private final ExecutorService serving = Executors.newCachedThreadPool(DaemonThreads.factory("procbook-hub-conn"));

    HubListener(Wiring wiring) {
        this.wiring = wiring;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketPath));
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            SocketDirectory.delete(dir);
            throw new UncheckedIOException("cannot listen: path=" + socketPath, e);
        }
        DaemonThreads.newThread(this::acceptLoop, "procbook-hub-accept").start();
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
            Hub.Handler h = wiring.handler(kind);
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
    }
}
