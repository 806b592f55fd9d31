package dev.procbook.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark master URL that Procbook can use: {@code local}, {@code local[N]}, {@code local[*]}, or a standalone
 * master {@code spark://host:port}, checked before a context is made, since Spark itself retries an absent master
 * for a minute before it gives up.
 */
public record MasterUrl(String url, String host, int port) {

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://([^:/\\s]+):([0-9]{1,5})");
    private static final int CONNECT_TIMEOUT_MS = 3_000;

    /**
     * Parses {@code url}.
     *
     * @throws MasterUrlException if it is none of the forms above
     */
    public static MasterUrl parse(String url) {
        String u = url == null ? "" : url.strip();
        if (LOCAL.matcher(u).matches()) {
            return new MasterUrl(u, null, -1);
        }
        Matcher m = STANDALONE.matcher(u);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new MasterUrlException(url, "port out of range: port=" + port);
            }
            return new MasterUrl(u, m.group(1), port);
        }
        throw new MasterUrlException(url, "expected local, local[N], local[*] or spark://host:port");
    }

    /** Whether executors run in this JVM. */
    public boolean isLocal() {
        return host == null;
    }

    /** Whether a standalone master on this machine's loopback interface is meant. */
    public boolean isLoopback() {
        return "127.0.0.1".equals(host) || "localhost".equals(host);
    }

    /**
     * Checks that a standalone master listens at this URL's address; nothing to check for {@code local}.
     *
     * @throws MasterUrlException if nothing answers within 3 s
     */
    public MasterUrl checkReachable() {
        if (isLocal()) {
            return this;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            throw new MasterUrlException(url, "master unreachable: " + e.getMessage()
                    + " (start one with ./procbook spark-cluster start)");
        }
        return this;
    }
}
