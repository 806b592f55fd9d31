package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HubTest {

    private static final AtomicInteger SERVED = new AtomicInteger();

    static {
        Hub.handle("count", (arg, ch) -> {
            SERVED.incrementAndGet();
            Frame f = ch.read();
            ch.write(f.type(), f.payload());
            ch.flush();
            ch.close();
        });
    }

    @Test
    void peerWithTheSecretIsServed() {
        try (Hub hub = Hub.acquire();
             FramedChannel ch = Hub.connect(hub.address(), Secret.processKey(), "count")) {
            ch.write((byte) 9, new byte[] {1, 2, 3});
            Frame echo = ch.read();
            assertEquals(9, echo.type());
            assertArrayEquals(new byte[] {1, 2, 3}, echo.payload());
        }
    }

    @Test
    void connectionWithoutTheSecretIsRefused() {
        int before = SERVED.get();
        try (Hub hub = Hub.acquire()) {
            Secret stranger = Secret.fromBytes(new byte[32]);
            assertThrows(PeerRejectedException.class, () -> Hub.connect(hub.address(), stranger, "count"));
            assertEquals(before, SERVED.get());
        }
    }

    @Test
    void serializedObjectFromStrangerIsNeverRead() throws Exception {
        int before = SERVED.get();
        try (Hub hub = Hub.acquire();
             SocketChannel raw = SocketChannel.open(UnixDomainSocketAddress.of(hub.address()))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(new java.util.ArrayList<>(java.util.List.of("payload")));
            }
            raw.write(ByteBuffer.wrap(bytes.toByteArray()));
            ByteBuffer sink = ByteBuffer.allocate(4096);
            int n = 0;
            while (n >= 0) {
                sink.clear();
                n = raw.read(sink);
            }
            assertEquals(before, SERVED.get());
        }
    }

    @Test
    void socketIsPrivateAndRemovedOnLastClose() throws Exception {
        Path socket;
        try (Hub hub = Hub.acquire()) {
            socket = hub.address();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        }
        assertFalse(Files.exists(socket));
        assertFalse(Files.exists(socket.getParent()));
        try (Hub again = Hub.acquire()) {
            assertTrue(Files.exists(again.address()));
        }
    }
}
