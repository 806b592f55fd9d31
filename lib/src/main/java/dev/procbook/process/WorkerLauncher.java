package dev.procbook.process;

import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts worker JVMs and pairs each with the connection it makes back to the hub; also copies each worker's
 * output to this process's {@code System.out} and {@code System.err}, keeping the last lines of its errors.
 */
final class WorkerLauncher {

    private final AtomicLong ids = new AtomicLong();
    private final WorkerArchives archives = new WorkerArchives();
    /** The connections of launched workers, by launch id, until each connects back. */
    private final Map<String, CompletableFuture<FramedChannel>> pending = new ConcurrentHashMap<>();

    /** A started process not yet connected. */
    record Launch(Process process, String id, String command, CompletableFuture<FramedChannel> connection,
                  ErrorTail errors) {
    }

    /** The hub's handler of {@link WorkerProtocol#KIND}: a launched worker connected back. */
    void connected(String id, FramedChannel ch) {
        CompletableFuture<FramedChannel> f = pending.remove(id);
        if (f == null || !f.complete(ch)) {
            ch.abort();
        }
    }

    /** The command line of a worker: see {@link WorkerJar#jvm}; its class-data archive is made now if needed. */
    List<String> command(WorkerOptions options) {
        WorkerArchives.Use use = archives.use(options);
        List<String> cmd = WorkerJar.jvm(options, use.options(), use.jar());
        cmd.addAll(WorkerJar.entry(options, use.jar()));
        return cmd;
    }

    /** Starts {@code command}, a worker's as {@link #command} made it, and tells it how to reach {@code hub}. */
    Launch launch(List<String> cmd, Hub hub) {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<FramedChannel> connection = new CompletableFuture<>();
        pending.put(id, connection);
        try {
            Process p = new ProcessBuilder(cmd).start();
            String line = String.join(" ", WorkerProtocol.STDIN_MAGIC, Secret.processKey().toHex(),
                    hub.address().toString(), id) + "\n";
            OutputStream stdin = p.getOutputStream();
            stdin.write(line.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            ErrorTail errors = new ErrorTail();
            pump(p.getInputStream(), System.out, errors, "procbook-worker-" + p.pid() + "-out");
            pump(p.getErrorStream(), System.err, errors, "procbook-worker-" + p.pid() + "-err");
            return new Launch(p, id, String.join(" ", cmd), connection, errors);
        } catch (IOException e) {
            pending.remove(id);
            throw new WorkerStartException(String.join(" ", cmd), "cannot run java", e);
        }
    }

    /** Waits for the launched worker to connect back, or fails if it exits or times out first. */
    FramedChannel await(Launch launch, WorkerOptions options) {
        CompletableFuture<Object> either = CompletableFuture.anyOf(launch.connection(), launch.process().onExit());
        try {
            Object first = either.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (first instanceof FramedChannel ch) {
                return ch;
            }
            throw fail(launch, "exited with code " + launch.process().exitValue() + " " + launch.errors(), null);
        } catch (TimeoutException e) {
            throw fail(launch, "no connection within " + options.startTimeout(), e);
        } catch (ExecutionException e) {
            throw fail(launch, "connection failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(launch, "interrupted", e);
        }
    }

    private WorkerStartException fail(Launch launch, String reason, Throwable cause) {
        abandon(launch);
        return new WorkerStartException(launch.command(), reason, cause);
    }

    /** Kills a launched process and drops its connection, made or to come; idempotent. */
    void abandon(Launch launch) {
        pending.remove(launch.id());
        launch.process().destroyForcibly();
        launch.connection().cancel(false);
        if (launch.connection().isDone() && !launch.connection().isCompletedExceptionally()) {
            launch.connection().join().abort();
        }
    }

    private static void pump(InputStream from, PrintStream to, ErrorTail tail, String name) {
        Thread t = DaemonThreads.newThread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    to.println(line);
                    tail.add(line);
                }
            } catch (IOException | UncheckedIOException e) {
                // the worker is gone
            } finally {
                tail.finish();
            }
        }, name);
        t.start();
    }

    /** The last few lines a worker wrote (the JVM reports a fatal OutOfMemoryError on standard output). */
    static final class ErrorTail {
        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int open = 2;

        synchronized void add(String line) {
            if (lines.size() == 3) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }

        synchronized void finish() {
            if (--open == 0) {
                done.complete(null);
            }
        }

        /** The last lines, waiting up to {@code millis} for the stream to end. */
        String await(long millis) {
            try {
                done.get(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // report what has arrived so far
            }
            return toString();
        }

        @Override
        public synchronized String toString() {
            return String.join(" | ", lines);
        }
    }
}
