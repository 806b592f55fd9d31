package dev.procbook.spark;

import java.io.IOException;
import java.util.Arrays;

/**
 * Runs a Spark daemon's main class ({@code Master} or {@code Worker}) and exits when the process that started it
 * dies: its standard input, a pipe from that process, reaches end of file. Exiting runs Spark's shutdown hooks, by
 * which a worker kills its executors, so a killed notebook leaves no part of its cluster behind.
 */
public final class ClusterProcessMain {

    private ClusterProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ClusterProcessMain MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent: only the end of the stream matters
                }
            } catch (IOException e) {
                // a broken pipe means the same as its end
            }
            System.exit(0);
        }, "procbook-parent-watch");
        watch.setDaemon(true);
        watch.start();
        Class.forName(args[0]).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
