package dev.procbook.process;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.NotSerializableObjectException;
import dev.procbook.process.wire.RemoteClassLoader;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.UserClassLoaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * The main class of a worker JVM: reads its parent's key and address from standard input, connects back, and runs
 * tasks until told to stop; exits at once when standard input reaches end of file, that is when the parent dies.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    /** Entry point; takes no arguments, everything comes through standard input. */
    public static void main(String[] args) throws IOException {
        String[] parts = readLine(System.in).split(" ");
        if (parts.length != 4 || !parts[0].equals(WorkerProtocol.STDIN_MAGIC)) {
            System.err.println("procbook worker: bad start line");
            System.exit(2);
        }
        Secret secret = Secret.adopt(parts[1]);
        Path address = Path.of(parts[2]);
        watchParent();
        RemoteClassLoader loader = new RemoteClassLoader(address, secret, WorkerMain.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        UserClassLoaders.register(loader);
        try (FramedChannel ch = Hub.connect(address, secret, WorkerProtocol.KIND + ":" + parts[3])) {
            serve(ch);
            // Flushed before the socket closes: the parent then closes our standard input and we halt at once.
            System.out.flush();
            System.err.flush();
        } catch (ChannelClosedException e) {
            // the parent closed the connection: same as being told to stop
        }
        System.out.flush();
        System.exit(0);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                System.exit(0);
            }
            line.append((char) c);
        }
        return line.toString();
    }

    private static void watchParent() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing more; only end of file matters
                }
            } catch (IOException e) {
                // treated as end of file
            }
            Runtime.getRuntime().halt(0);
        }, "procbook-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private static void serve(FramedChannel ch) {
        while (true) {
            Frame f = ch.read();
            if (f.type() != WorkerProtocol.TASK) {
                return;
            }
            long id = WorkerProtocol.id(f.payload());
            try {
                Task task = (Task) Codec.decode(f.payload(), 8, f.payload().length - 8);
                reply(ch, WorkerProtocol.OK, id, Codec.encode(task.run()));
            } catch (Throwable t) {
                reply(ch, WorkerProtocol.ERROR, id, encodeThrowable(t));
            }
        }
    }

    private static void reply(FramedChannel ch, byte type, long id, byte[] body) {
        ch.write(type, WorkerProtocol.withId(id, body));
        ch.flush();
    }

    static byte[] encodeThrowable(Throwable t) {
        try {
            return Codec.encode(t);
        } catch (NotSerializableObjectException | IllegalStateException | java.io.UncheckedIOException e) {
            return Codec.encode(RemoteThrowable.of(t));
        }
    }
}
