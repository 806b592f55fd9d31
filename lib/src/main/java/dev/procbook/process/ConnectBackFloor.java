package dev.procbook.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The parent's side of {@link StartCost#connectBack}: a socket to connect to, and the bare JVMs timed. */
final class ConnectBackFloor {

    private ConnectBackFloor() {
    }

    static StartCost.Times time(int processes, WorkerOptions options, int repeats) throws IOException {
        Path dir = Files.createTempDirectory("procbook-floor-");
        try {
            Path classes = copyFloorClass(dir);
            Path socket = dir.resolve("floor.sock");
            List<String> cmd = new ArrayList<>();
            cmd.add(options.javaCommand().toString());
            cmd.addAll(options.requiredJvmOptions());
            cmd.addAll(options.jvmOptions());
            cmd.addAll(List.of("-cp", classes.toString(), StartFloor.class.getName(), socket.toString()));
            double[] ms = new double[repeats];
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                 Selector selector = Selector.open()) {
                server.bind(UnixDomainSocketAddress.of(socket));
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT);
                for (int i = 0; i < repeats; i++) {
                    ms[i] = once(processes, cmd, server, selector, options);
                }
            }
            return new StartCost.Times(ms);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The floor's class file, alone under {@code dir/classes}; returns that class path. */
    private static Path copyFloorClass(Path dir) throws IOException {
        String name = StartFloor.class.getName().replace('.', '/') + ".class";
        Path classes = dir.resolve("classes");
        Path file = classes.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = StartFloor.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("class file not found: " + name);
            }
            Files.copy(in, file);
        }
        return classes;
    }

    /** Milliseconds from starting {@code processes} JVMs until each has connected and written its byte. */
    private static double once(int processes, List<String> cmd, ServerSocketChannel server, Selector selector,
                               WorkerOptions options) throws IOException {
        List<Process> started = new ArrayList<>();
        List<SocketChannel> connected = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < processes; i++) {
                started.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            long deadline = t0 + options.startTimeout().toNanos();
            int answered = 0;
            while (answered < processes) {
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        SocketChannel ch = server.accept();
                        if (ch != null) {
                            connected.add(ch);
                            ch.configureBlocking(false);
                            ch.register(selector, SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        int n = ((SocketChannel) key.channel()).read(ByteBuffer.allocate(1));
                        if (n < 0) {
                            throw new IOException("a floor JVM closed its socket without writing");
                        }
                        if (n > 0) {
                            answered++;
                            key.cancel();
                        }
                    }
                }
                selector.selectedKeys().clear();
                checkAlive(started, answered, processes, deadline);
            }
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            for (SocketChannel ch : connected) {
                ch.close();
            }
            selector.selectNow(); // lets the selector drop the cancelled keys of closed channels
            for (Process p : started) {
                p.destroyForcibly();
                p.onExit().join();
            }
        }
    }

    private static void checkAlive(List<Process> started, int answered, int processes, long deadline)
            throws IOException {
        if (System.nanoTime() > deadline) {
            throw new IOException("no connection within the start timeout: answered=" + answered + " of "
                    + processes);
        }
        for (Process p : started) {
            if (!p.isAlive() && p.exitValue() != 0) {
                throw new IOException("floor JVM exited with code " + p.exitValue());
            }
        }
    }
}
