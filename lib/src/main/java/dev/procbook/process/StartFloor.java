package dev.procbook.process;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The floor under a worker's start, run by {@link StartCost#connectBack}: a JVM that does only what any worker must,
 * connect a Unix-domain socket back to its parent and say it is there. It uses the JDK alone, so that it runs from
 * its own class file with nothing else on its class path.
 *
 * <p>The JDK sets up a {@code SecureRandom} on a process's first Unix-domain socket, whatever the socket is for:
 * about half of what this costs beyond {@code java -version}.
 */
public final class StartFloor {

    private StartFloor() {
    }

    /** Connects to the socket at {@code args[0]}, writes one byte and exits. */
    public static void main(String[] args) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
            ch.write(ByteBuffer.wrap(new byte[] {1}));
        }
    }
}
