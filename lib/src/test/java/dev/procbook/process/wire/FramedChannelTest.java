package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FramedChannelTest {

    @Test
    void framesOfEverySizeAroundTheBuffersArriveWholeAndInOrder(@TempDir Path dir) throws Exception {
        // Small frames, then frames just under, at and over each buffer size, so that both sides grow their
        // buffers with bytes of later frames already buffered behind the one that makes them grow.
        List<Integer> sizes = List.of(0, 1, 64, 65_531, 65_536, 65_537, 70_000, 3, FramedChannel.LARGE_BUFFER - 5,
                FramedChannel.LARGE_BUFFER, FramedChannel.LARGE_BUFFER + 1, 5 << 20, 7, 0);
        Random random = new Random(42);
        List<byte[]> payloads = sizes.stream().map(n -> {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }).toList();
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (FramedChannel out = new FramedChannel(SocketChannel.open(address), "out");
                 FramedChannel in = new FramedChannel(server.accept(), "in")) {
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < payloads.size(); i++) {
                        out.write((byte) i, payloads.get(i));
                    }
                    out.flush();
                });
                for (int i = 0; i < payloads.size(); i++) {
                    Frame f = in.read();
                    assertEquals((byte) i, f.type(), "frame " + i);
                    assertArrayEquals(payloads.get(i), f.payload(), "frame " + i + " of " + sizes.get(i) + " bytes");
                }
                writer.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void frameLongerThanAllowedIsAProtocolViolationNamingTheChannel(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (FramedChannel out = new FramedChannel(SocketChannel.open(address), "out");
                 FramedChannel in = new FramedChannel(server.accept(), "in")) {
                out.write((byte) 1, new byte[100]);
                out.flush();
                ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                        () -> in.read(TimeUnit.SECONDS.toNanos(30), 10));
                assertEquals("in", e.channel());
                assertEquals("frame too long: length=100, max=10", e.violation());
            }
        }
    }
}
