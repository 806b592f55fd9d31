package dev.procbook.manager;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * Where a manager listens: a Unix domain socket (the private default) or a TCP address, as Python's
 * {@code BaseManager(address=...)} takes a path or a {@code (host, port)} pair.
 *
 * <p>{@link #toString()} writes the form {@link #parse(String)} reads: {@code unix:/run/user/0/m.sock} or
 * {@code tcp:127.0.0.1:50000}, so an address can be handed to another notebook as text.
 */
public sealed interface ManagerAddress {

    /**
     * A TCP address; port 0 asks for any free port, and the manager's {@link Manager#address()} then names it.
     *
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    static ManagerAddress tcp(String host, int port) {
        return new Tcp(host, port);
    }

    /** A TCP address on the loopback interface, reachable only from this machine. */
    static ManagerAddress loopback(int port) {
        return new Tcp("127.0.0.1", port);
    }

    /** A Unix domain socket at {@code path}; its directory must exist. */
    static ManagerAddress unix(Path path) {
        return new Unix(path);
    }

    /**
     * Reads {@code unix:PATH}, {@code tcp:HOST:PORT} or {@code HOST:PORT}.
     *
     * @throws IllegalArgumentException if {@code text} is none of these
     */
    static ManagerAddress parse(String text) {
        if (text.startsWith("unix:")) {
            return new Unix(Path.of(text.substring("unix:".length())));
        }
        String hostPort = text.startsWith("tcp:") ? text.substring("tcp:".length()) : text;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a manager address: address=" + text
                    + ", expected=unix:PATH or tcp:HOST:PORT");
        }
        try {
            return new Tcp(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: address=" + text, e);
        }
    }

    /** The socket address to bind or connect to. */
    SocketAddress socketAddress();

    /** The protocol family of the socket. */
    StandardProtocolFamily family();

    /**
     * A Unix domain socket.
     *
     * @param path the socket file
     */
    record Unix(Path path) implements ManagerAddress {
        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public StandardProtocolFamily family() {
            return StandardProtocolFamily.UNIX;
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /**
     * A TCP address.
     *
     * @param host a host name or IP address
     * @param port the port, 0 for any free one when binding
     */
    record Tcp(String host, int port) implements ManagerAddress {
        /** Checks the port. */
        public Tcp {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: port=" + port);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public StandardProtocolFamily family() {
            return host.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        }

        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }
}
