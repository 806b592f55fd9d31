package dev.procbook.process;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.Reclaimer;
import dev.procbook.process.wire.TopLevelValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One child JVM that runs tasks sent to it, in order, and returns their results: the counterpart of a Python
 * {@code multiprocessing.Process} that stays alive for many tasks.
 *
 * <p>{@code try (Worker w = Worker.start()) { long pid = w.call(() -> ProcessHandle.current().pid()); }}
 *
 * <p>The worker exits within moments when this process dies, even by {@code SIGKILL}: it watches its standard
 * input, a pipe from this process, for end of file. A worker that nobody holds any more (its cell run again) is
 * killed once collected; tasks sent to it and not yet answered hold it.
 */
public final class Worker implements AutoCloseable {

    private static final AtomicLong TASK_IDS = new AtomicLong();

    /** The process and its connection, which the reader thread and the reclaimer use: they never hold this. */
    private final Running running;
    private final Process process;
    private final FramedChannel channel;
    private final WorkerOptions options;
    private final Thread reader;
    private final Map<Long, Pending> pending;
    private long valuesSent; // guarded by pending

    /** A task sent and not yet answered; it holds its worker, which is not collected while it runs. */
    private record Pending(String task, CompletableFuture<Object> result, Worker worker) {
    }

    Worker(WorkerLauncher.Launch launch, FramedChannel channel, WorkerOptions options, Hub hub) {
        this.running = new Running(launch.process(), channel, launch.errors(), options, hub);
        this.process = running.process;
        this.channel = channel;
        this.options = options;
        this.pending = running.pending;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        reader = DaemonThreads.newThread(running::readResults, "procbook-worker-" + process.pid() + "-reader");
        reader.setContextClassLoader(context);
        reader.start();
        Reclaimer.register(this, "procbook-worker-" + process.pid() + "-reclaim", running::kill);
    }

    /**
     * Starts a worker with the default options and waits until it is ready.
     *
     * @throws WorkerStartException if the JVM cannot be started or does not connect back in time
     */
    public static Worker start() {
        return start(WorkerOptions.defaults());
    }

    /**
     * Starts a worker with {@code options} and waits until it is ready.
     *
     * @throws WorkerStartException if the JVM cannot be started or does not connect back in time
     */
    public static Worker start(WorkerOptions options) {
        return startAll(1, options).get(0);
    }

    /**
     * Starts {@code n} workers in parallel and waits until all are ready.
     *
     * @throws WorkerStartException if any cannot be started; those already started are closed
     * @throws dev.procbook.process.wire.WaitInterruptedException if the thread is interrupted while it waits; no
     *                              worker of this start is left running
     */
    public static List<Worker> startAll(int n, WorkerOptions options) {
        if (options.standby() == 0) {
            return startCold(n, options);
        }
        List<Worker> workers = new ArrayList<>();
        boolean started = false;
        try {
            workers.addAll(ProcessServices.get().standby.take(n, options));
            workers.forEach(Worker::adoptByCurrentThread);
            if (workers.size() < n) {
                workers.addAll(startCold(n - workers.size(), options));
            }
            started = true;
        } finally {
            if (!started) {
                workers.forEach(Worker::terminate);
            }
        }
        return workers;
    }

    /**
     * Stops the standby workers of every set of options ({@link WorkerOptions#withStandby(int)}); a later start
     * with standby options starts new ones.
     */
    public static void closeStandby() {
        ProcessServices.get().standby.clear();
    }

    /**
     * Starts the standby workers of {@code options} now, in the background, rather than after the first start
     * with them.
     *
     * @throws IllegalArgumentException if {@code options} keep no standby workers
     */
    public static void startStandby(WorkerOptions options) {
        if (options.standby() == 0) {
            throw new IllegalArgumentException("options keep no standby workers: standby=0; use withStandby(n)");
        }
        ProcessServices.get().standby.start(options);
    }

    /** How many standby workers started with {@code options} are waiting now. */
    public static int standbyWaiting(WorkerOptions options) {
        return ProcessServices.get().standby.waiting(options);
    }

    /** Starts {@code n} new worker processes in parallel and waits until all are ready. */
    static List<Worker> startCold(int n, WorkerOptions options) {
        return ColdStart.start(n, options);
    }

    /** The worker's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the worker can take a task: running, connected and not closed. */
    boolean isReady() {
        return !running.closed && running.death == null && process.isAlive() && !channel.isClosed();
    }

    /**
     * Results are decoded with the context class loader of the thread that started the worker; a standby worker,
     * started by a background thread, takes that of the thread that takes it.
     */
    void adoptByCurrentThread() {
        reader.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    }

    /** Whether the worker process is still running. */
    public boolean isAlive() {
        return process.isAlive() && running.death == null;
    }

    /**
     * Runs {@code task} in the worker and waits for its result.
     *
     * @throws TaskNotSerializableException if the task cannot be serialized
     * @throws TaskFailedException          if the task threw; the cause carries the remote stack trace
     * @throws WorkerDiedException          if the worker died before answering
     */
    public <T> T call(SerializableCallable<T> task) {
        try {
            return submit(task).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Sends {@code task} to the worker; the future completes with its result, or exceptionally with a
     * {@link TaskFailedException} or {@link WorkerDiedException}.
     *
     * @throws TaskNotSerializableException if the task cannot be serialized
     * @throws HandleClosedException        if the worker is closed
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        String description = "submit " + TaskDescriptions.describe(task);
        return (CompletableFuture<T>) submitEncoded(TaskEncoding.encode(new Task.Call(task), task, TopLevelValues.NONE,
                description), TopLevelValues.NONE, description);
    }

    /**
     * Sends an encoded task, preceded by {@code values} unless this worker was sent them last; the worker keeps the
     * values it was sent last and sets them before each task that names them.
     */
    CompletableFuture<Object> submitEncoded(byte[] task, TopLevelValues values, String description) {
        if (running.closed) {
            throw new HandleClosedException("worker: pid=" + pid());
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        long id = TASK_IDS.incrementAndGet();
        pending.put(id, new Pending(description, result, this));
        WorkerDiedException dead = running.death;
        if (dead != null) {
            running.failAll(dead);
            return result;
        }
        try {
            synchronized (pending) {
                boolean send = !values.isEmpty() && values.id() != valuesSent;
                channel.write(WorkerProtocol.TASK, WorkerProtocol.task(id, values, send, task));
                valuesSent = values.id();
            }
            channel.flush();
        } catch (ChannelClosedException e) {
            // the reader thread reports the death to every pending task, this one included
        }
        return result;
    }

    /**
     * Asks the worker to exit after its current task, waits up to the grace period, then kills it; idempotent.
     */
    @Override
    public void close() {
        // One try from the first bytecode: a stop (JDK 17 stops a notebook cell with Thread.stop) that lands
        // anywhere in the close kills the worker.
        try {
            if (running.closed) {
                return;
            }
            running.closed = true;
            try {
                channel.write(WorkerProtocol.STOP, new byte[0]);
                channel.flush();
            } catch (RuntimeException e) {
                // already gone
            }
            running.stop(options.gracePeriod().toMillis());
        } catch (Throwable t) {
            terminate();
            throw t;
        }
    }

    /** Kills the worker at once, failing its pending tasks; idempotent. */
    public void terminate() {
        running.kill();
    }

    @Override
    public String toString() {
        return "Worker[pid=" + pid() + (isAlive() ? "" : ", dead") + "]";
    }

    /** What a worker's reader thread, its handle and its reclaimer share. */
    private static final class Running {
        final Process process;
        final FramedChannel channel;
        final WorkerLauncher.ErrorTail errors;
        final WorkerOptions options;
        final Hub hub;
        final Map<Long, Pending> pending = new ConcurrentHashMap<>();
        volatile boolean closed;
        volatile WorkerDiedException death;

        Running(Process process, FramedChannel channel, WorkerLauncher.ErrorTail errors, WorkerOptions options,
                Hub hub) {
            this.process = process;
            this.channel = channel;
            this.errors = errors;
            this.options = options;
            this.hub = hub;
        }

        /** Kills the worker at once, as {@link Worker#terminate()} does; idempotent. */
        void kill() {
            closed = true;
            stop(0);
        }

        void readResults() {
            try {
                while (true) {
                    Frame f = channel.read();
                    Pending p = pending.remove(WorkerProtocol.id(f.payload()));
                    if (p != null) {
                        complete(p, f);
                    }
                }
            } catch (ChannelClosedException e) {
                if (closed) {
                    closeStdin();
                }
                onDeath();
            } catch (RuntimeException e) {
                channel.abort();
                onDeath();
            }
        }

        /**
         * Ends the worker's standard input once it has closed its socket after a stop: its watcher thread then sees end
         * of file and halts the JVM. Without this, {@code System.exit} waits about 300 ms for that thread, blocked in
         * a native read, before giving up on it.
         */
        private void closeStdin() {
            try {
                process.getOutputStream().close();
            } catch (java.io.IOException e) {
                // already closed: the worker exits anyway
            }
        }

        private void complete(Pending p, Frame f) {
            Object value;
            try {
                value = WorkerProtocol.result(f.payload());
            } catch (RuntimeException e) {
                p.result().completeExceptionally(new TaskFailedException(process.pid(), p.task(), e));
                return;
            }
            if (f.type() == WorkerProtocol.OK) {
                p.result().complete(value);
            } else {
                p.result().completeExceptionally(new TaskFailedException(process.pid(), p.task(), (Throwable) value));
            }
        }

        private void onDeath() {
            int code = -1;
            try {
                code = process.onExit().get(closed ? options.gracePeriod().toMillis() : 500, TimeUnit.MILLISECONDS)
                        .exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the socket closed but the process lingers: report it without an exit code
            }
            int signal = code > 128 ? code - 128 : 0;
            String lastErr = errors.await(200);
            String task = pending.values().stream().map(Pending::task).findFirst().orElse("none");
            death = new WorkerDiedException(process.pid(), code, signal, task, lastErr);
            failAll(death);
        }

        void failAll(WorkerDiedException d) {
            for (Long id : new ArrayList<>(pending.keySet())) {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.result().completeExceptionally(
                            new WorkerDiedException(d.pid(), d.exitCode(), d.signal(), p.task(), errors.toString()));
                }
            }
        }

        void stop(long graceMillis) {
            try {
                if (graceMillis > 0 && !process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    process.destroy();
                    process.waitFor(500, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            channel.abort();
            synchronized (this) {
                hub.close();
            }
        }
    }
}
