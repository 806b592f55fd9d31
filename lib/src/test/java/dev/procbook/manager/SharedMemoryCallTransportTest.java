package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The mailbox between two ends of a real socket in this JVM: a client thread and a manager-side thread. */
@Timeout(60)
class SharedMemoryCallTransportTest {

    private CallTransport client;
    private CallTransport server;

    @BeforeEach
    void connect(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<CallTransport> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    FramedChannel ch = new FramedChannel(listening.accept(), "server");
                    return SharedMemoryCallTransport.accept(ch, ch.read());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            client = SharedMemoryCallTransport.offer(new FramedChannel(
                    SocketChannel.open(UnixDomainSocketAddress.of(socket)), "client"));
            server = accepted.get(10, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void close() {
        client.abort();
        server.abort();
    }

    @Test
    void bothEndsUseTheMailboxAndItsFileIsGoneOnceMapped() throws Exception {
        assertInstanceOf(SharedMemoryCallTransport.class, client);
        assertInstanceOf(SharedMemoryCallTransport.class, server);
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            String mine = "procbook-calls-" + ProcessHandle.current().pid() + "-";
            assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith(mine)).count());
        }
    }

    @Test
    void requestsAndRepliesArriveInOrderWithTheirTypesWhetherTheReaderSpinsOrSleeps() throws Exception {
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 2_000; i++) {
                Frame f = server.receive();
                server.send((byte) (f.type() + 1), f.payload(), f.payload().length);
            }
        });
        for (int i = 0; i < 2_000; i++) {
            byte[] message = ("call " + i).getBytes();
            if (i % 500 == 0) {
                Thread.sleep(5); // not to synchronize: to let the echo stop spinning, so that its sleep path runs too
            }
            client.send((byte) 2, message, message.length);
            Frame reply = client.receive();
            assertEquals(3, reply.type());
            assertArrayEquals(message, reply.payload());
        }
        echo.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMessageTooLargeForTheMailboxTravelsOnTheSocket() throws Exception {
        byte[] large = new byte[CallMailboxDescriptor.CAPACITY * 3 + 7];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) i;
        }
        CompletableFuture<Frame> received = CompletableFuture.supplyAsync(server::receive);
        client.send((byte) 9, large, large.length);
        Frame f = received.get(10, TimeUnit.SECONDS);
        assertEquals(9, f.type());
        assertArrayEquals(large, f.payload());
        server.send((byte) 4, new byte[] {1}, 1);
        assertArrayEquals(new byte[] {1}, client.receive().payload(), "the mailbox works after a large message");
    }

    @Test
    void aReaderWaitingForAPeerThatWentAwayIsToldSo() throws Exception {
        CompletableFuture<Frame> waiting = CompletableFuture.supplyAsync(client::receive);
        server.abort();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> waiting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ChannelClosedException.class, e.getCause());
    }
}
