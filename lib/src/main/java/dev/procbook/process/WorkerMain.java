package dev.procbook.process;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.ProtocolViolationException;
import dev.procbook.process.wire.RemoteClassLoader;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.TopLevelValues;
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

    /**
     * Entry point; takes no arguments, everything comes through standard input. With the single argument
     * {@value WorkerTraining#ARGUMENT} it instead runs the training that fills a class-data archive.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals(WorkerTraining.ARGUMENT)) {
            WorkerTraining.run();
            System.exit(0);
        }
        new Prewarm().start();
        String[] parts = readLine(System.in).split(" ");
        if (parts.length != 4 || !parts[0].equals(WorkerProtocol.STDIN_MAGIC)) {
            System.err.println("procbook worker: bad start line");
            System.exit(2);
        }
        Secret secret = Secret.adopt(parts[1]);
        ParentWatch watch = new ParentWatch();
        watch.start();
        // String.concat, not +: an indy string concatenation would be bootstrapped on the start path.
        work(secret, Path.of(parts[2]), WorkerProtocol.KIND.concat(":").concat(parts[3]), watch);
        System.out.flush();
        System.exit(0);
    }

    /**
     * Connects to the hub at {@code address} as {@code purpose} and runs tasks until told to stop, then tells
     * {@code watch} that the end of standard input to come is that stop, not its parent's death.
     */
    static void work(Secret secret, Path address, String purpose, ParentWatch watch) {
        RemoteClassLoader loader = new RemoteClassLoader(address, secret, WorkerMain.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        UserClassLoaders.register(loader);
        try (FramedChannel ch = Hub.connect(address, secret, purpose)) {
            serve(ch);
            watch.expectStop();
            // Flushed before the socket closes: the parent then closes our standard input and we halt at once.
            System.out.flush();
            System.err.flush();
        } catch (ChannelClosedException e) {
            // the parent closed the connection: same as being told to stop
        }
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

    /**
     * Ends the JVM when standard input, a pipe from the parent, reaches end of file: the parent stopped this worker,
     * or it died. A named class rather than a lambda, which would be bootstrapped on the start path.
     *
     * <p>After a stop the JVM halts. After the parent's death it kills itself: {@code Runtime.halt} waits up to
     * 300 ms for any thread blocked in a native call (a manager's {@code accept}, a socket read, a task's own I/O)
     * before it gives up on it, while {@code SIGKILL} ends the process at once, and no one is left to read its exit
     * status. Starting {@code kill} costs some 10 ms; it runs only then.
     */
    static final class ParentWatch extends Thread {
        private volatile boolean stopping;

        ParentWatch() {
            super("procbook-parent-watch");
            setDaemon(true);
        }

        /** The end of standard input to come is the parent stopping this worker: exit with status 0. */
        void expectStop() {
            stopping = true;
        }

        @Override
        public void run() {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing more; only end of file matters
                }
            } catch (IOException e) {
                // treated as end of file
            }
            if (!stopping) {
                killSelf();
            }
            Runtime.getRuntime().halt(0);
        }

        private static void killSelf() {
            try {
                new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException | RuntimeException e) {
                // no kill here: the halt below ends the JVM, only later
            }
        }
    }

    /**
     * Does, beside the main thread's connecting back, what the first task would otherwise wait for: opening the
     * jars of the class path (a class missing from the archive makes the JVM search them all, some 20 ms for a
     * large jar) and a first decoding of a lambda task. A named class, as {@link ParentWatch}.
     */
    static final class Prewarm extends Thread {
        Prewarm() {
            super("procbook-prewarm");
            setDaemon(true);
        }

        @Override
        public void run() {
            ClassLoader.getSystemClassLoader().getResource("dev/procbook/process/worker-prewarm");
            Codec.decode(Codec.encode(new Task.Call(WorkerMain::prewarmTask)));
        }
    }

    private static Object prewarmTask() {
        return Boolean.TRUE;
    }

    static void serve(FramedChannel ch) {
        Tasks tasks = new Tasks(ch.name());
        while (true) {
            Frame f = ch.read();
            if (f.type() != WorkerProtocol.TASK) {
                return;
            }
            long id = WorkerProtocol.id(f.payload());
            try {
                Task task = tasks.decode(f.payload());
                f = null; // the encoded task, as large as the data it carries, is not kept while the task runs
                reply(ch, WorkerProtocol.OK, id, Codec.encode(task.run()));
            } catch (Throwable t) {
                reply(ch, WorkerProtocol.ERROR, id, encodeThrowable(t));
            }
        }
    }

    /** Decodes the tasks of one channel: their top-level values come with the first task of each pool call. */
    private static final class Tasks {
        private final String channel;
        private TopLevelValues.Received values;
        private long valuesId;

        Tasks(String channel) {
            this.channel = channel;
        }

        Task decode(byte[] payload) {
            WorkerProtocol.TaskParts parts = WorkerProtocol.TaskParts.of(payload);
            if (parts.valuesLength() > 0) {
                values = null; // a failed decoding below must not leave the previous values to be used
                values = TopLevelValues.decode(payload, parts.valuesOffset(), parts.valuesLength());
                valuesId = parts.valuesId();
            }
            if (parts.valuesId() != 0) {
                if (values == null || valuesId != parts.valuesId()) {
                    throw new ProtocolViolationException(channel, "top-level values not received: id="
                            + parts.valuesId());
                }
                values.apply(); // again before each task: a task's assignments do not reach the next
            }
            return (Task) Codec.decode(payload, parts.bodyOffset(), parts.bodyLength());
        }
    }

    private static void reply(FramedChannel ch, byte type, long id, byte[] body) {
        ch.write(type, WorkerProtocol.withId(id, body));
        ch.flush();
    }

    static byte[] encodeThrowable(Throwable t) {
        try {
            return Codec.encode(t);
        } catch (RuntimeException e) {
            return Codec.encode(RemoteThrowable.of(t));
        }
    }
}
