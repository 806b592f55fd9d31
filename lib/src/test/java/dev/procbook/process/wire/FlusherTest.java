package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class FlusherTest {

    @Test
    void writesNobodyFlushesArriveDuringActivityAndAfterAQuietSpell(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            try (FramedChannel out = new FramedChannel(SocketChannel.open(address), "out");
                 FramedChannel in = new FramedChannel(server.accept(), "in")) {
                for (int round = 0; round < 3; round++) {
                    byte[] payload = {(byte) round, 1, 2};
                    out.write((byte) 7, payload);
                    Frame f = in.read(TimeUnit.SECONDS.toNanos(5), 16);
                    assertNotNull(f, "unflushed write never arrived: round=" + round);
                    assertArrayEquals(payload, f.payload());
                    Thread.sleep(2 * Flusher.LINGER_MILLIS); // the flusher goes idle and must be woken again
                }
            }
        }
    }
}
