package dev.procbook.process;

import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.WaitInterruptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts new worker JVMs on a thread of Procbook's own while the caller waits, so that a caller interrupted or
 * stopped (JDK 17 stops a notebook cell with {@code Thread.stop}) leaves no worker half-started: the caller only
 * waits, and when it gives up the start is abandoned (its thread interrupted, what it launched killed, nothing
 * launched after) and the caller waits until every process the start made has exited. A caller that checks at once,
 * as a test or a notebook's next cell does, finds none.
 */
final class ColdStart {

    private static final ExecutorService STARTER =
            Executors.newCachedThreadPool(DaemonThreads.factory("procbook-worker-start"));

    private final int count;
    private final WorkerOptions options;
    private final WorkerLauncher launcher = ProcessServices.get().launcher;
    /** Guarded by this: what the start made so far, whether its caller gave up, whether it began, and its thread. */
    private final List<WorkerLauncher.Launch> launches = new ArrayList<>();
    private boolean abandoned;
    private boolean began;
    private Thread runner;

    private ColdStart(int count, WorkerOptions options) {
        this.count = count;
        this.options = options;
    }

    /**
     * Starts {@code n} new worker processes in parallel and waits until all are ready.
     *
     * @throws WorkerStartException      if any cannot be started; the others are stopped
     * @throws WaitInterruptedException if the caller is interrupted; every process started is killed
     */
    static List<Worker> start(int n, WorkerOptions options) {
        return start(n, options, STARTER);
    }

    /** {@link #start(int, WorkerOptions)} on the thread that {@code starter} gives it. */
    static List<Worker> start(int n, WorkerOptions options, Executor starter) {
        ColdStart start = new ColdStart(n, options);
        CompletableFuture<List<Worker>> done = new CompletableFuture<>();
        boolean handedOver = false;
        try {
            // Handed to the starter inside the try: a stop that lands once the start is queued must abandon it.
            starter.execute(() -> {
                try {
                    done.complete(start.run());
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
            List<Worker> workers = done.get();
            workers.forEach(Worker::adoptByCurrentThread);
            handedOver = true;
            return workers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("start of workers: count=" + n, e);
        } catch (ExecutionException e) {
            handedOver = true; // the start failed and stopped what it made
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } finally {
            // A start that never began (its thread could not be made, or a stop landed while it was handed over)
            // launches nothing once abandoned: there is nothing to wait for.
            if (!handedOver && start.abandon()) {
                done.thenAccept(workers -> workers.forEach(Worker::terminate));
                start.awaitEnd(done);
            }
        }
    }

    /**
     * Waits, a bounded time and through interrupts, until the abandoned start has ended and each process it launched
     * has exited; the caller's interrupt status is kept.
     */
    private void awaitEnd(CompletableFuture<List<Worker>> done) {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        boolean interrupted = awaitUninterruptibly(done, deadline);
        for (WorkerLauncher.Launch l : launched()) {
            interrupted |= awaitUninterruptibly(l.process().onExit(), deadline);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for {@code future} until {@code deadline} (nanoTime); whether an interrupt came meanwhile. */
    private static boolean awaitUninterruptibly(Future<?> future, long deadline) {
        boolean interrupted = false;
        while (true) {
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                return interrupted;
            }
        }
    }

    private List<Worker> run() {
        synchronized (this) {
            checkWanted();
            began = true;
            runner = Thread.currentThread();
        }
        try {
            return launchAll();
        } finally {
            synchronized (this) {
                runner = null;
            }
            Thread.interrupted(); // an abandon's interrupt ends here, not in the pool's next start
        }
    }

    private List<Worker> launchAll() {
        List<String> command = launcher.command(options);
        Hub hub = Hub.acquire();
        List<Worker> workers = new ArrayList<>();
        boolean started = false;
        try {
            for (int i = 0; i < count; i++) {
                checkWanted(); // nothing is launched once the caller gave up
                keep(launcher.launch(command, hub));
            }
            for (WorkerLauncher.Launch l : launched()) {
                FramedChannel ch = launcher.await(l, options);
                workers.add(new Worker(l, ch, options, workers.isEmpty() ? hub : Hub.acquire()));
            }
            checkWanted();
            started = true;
            return workers;
        } finally {
            if (!started) {
                launched().forEach(launcher::abandon);
                workers.forEach(Worker::terminate);
                if (workers.isEmpty()) {
                    hub.close();
                }
            }
        }
    }

    private synchronized void keep(WorkerLauncher.Launch launch) {
        launches.add(launch);
        checkWanted();
    }

    private synchronized List<WorkerLauncher.Launch> launched() {
        return new ArrayList<>(launches);
    }

    private synchronized void checkWanted() {
        if (abandoned) {
            throw new WorkerStartException(options.javaCommand().toString(), "the caller stopped waiting", null);
        }
    }

    /**
     * Kills what was launched, so that a start waiting for those processes to connect ends at once, and interrupts the
     * start, so that one making the class-data archive first stops its training run. Returns whether the start
     * began: one that had not will launch nothing.
     */
    private synchronized boolean abandon() {
        abandoned = true;
        launches.forEach(l -> l.process().destroyForcibly());
        if (runner != null) {
            runner.interrupt();
        }
        return began;
    }
}
