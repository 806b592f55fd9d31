package dev.procbook.process;

import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.TopLevelValues;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One place in a pool: a thread that feeds jobs to its worker one at a time, replaces the worker when it dies or
 * has run its quota of tasks, and closes it when the pool shuts down.
 */
final class PoolSlot {

    /**
     * A task waiting for a worker, and the top-level values it reads; a job with null task bytes tells the slot to
     * stop. It holds the pool it was submitted to, so that a pool with work to do is not collected.
     */
    record Job(byte[] task, TopLevelValues values, String description, CompletableFuture<Object> result,
               Pool pool) {
        static final Job STOP = new Job(null, TopLevelValues.NONE, "stop", new CompletableFuture<>(), null);
    }

    private final PoolSettings settings;
    private final BlockingQueue<Job> jobs;
    private final Runnable onJobDone;
    private final Thread thread;
    private volatile Worker worker;
    private int tasksOnWorker;

    PoolSlot(PoolSettings settings, Worker first, BlockingQueue<Job> jobs, Runnable onJobDone, String name) {
        this.settings = settings;
        this.jobs = jobs;
        this.onJobDone = onJobDone;
        this.worker = first;
        this.thread = DaemonThreads.newThread(this::run, name);
    }

    void start() {
        thread.start();
    }

    Worker worker() {
        return worker;
    }

    private void run() {
        try {
            while (true) {
                Job job = jobs.take();
                if (job.task() == null) {
                    return;
                }
                if (job.result().isCancelled()) {
                    onJobDone.run(); // its caller gave up on it: an interrupted map drops its queued chunks
                    continue;
                }
                runJob(job);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Worker w = worker;
            if (w != null) {
                w.close();
            }
        }
    }

    private void runJob(Job job) {
        try {
            Worker w = ensureWorker();
            CompletableFuture<Object> f = w.submitEncoded(job.task(), job.values(), job.description());
            // A task cannot be interrupted inside its worker: a cancelled one is stopped with it, and retire() below
            // starts a new worker, so the pool's next tasks need not wait for it.
            job.result().whenComplete((v, e) -> {
                if (job.result().isCancelled() && !f.isDone()) {
                    w.terminate();
                }
            });
            job.result().complete(f.join());
            tasksOnWorker++;
            if (settings.maxTasksPerChild() > 0 && tasksOnWorker >= settings.maxTasksPerChild()) {
                retire();
            }
        } catch (CompletionException e) {
            job.result().completeExceptionally(e.getCause());
            if (e.getCause() instanceof WorkerDiedException) {
                retire();
            }
        } catch (RuntimeException e) {
            job.result().completeExceptionally(e);
        } finally {
            onJobDone.run();
        }
    }

    private Worker ensureWorker() {
        if (worker == null) {
            worker = settings.startWorkers(1).get(0);
            tasksOnWorker = 0;
        }
        return worker;
    }

    private void retire() {
        Worker w = worker;
        worker = null;
        if (w != null) {
            w.close();
        }
        if (!Thread.currentThread().isInterrupted() && jobs.peek() != Job.STOP) {
            try {
                ensureWorker();
            } catch (RuntimeException e) {
                // the next job retries the start and reports its failure
            }
        }
    }

    void terminate() {
        thread.interrupt();
        Worker w = worker;
        if (w != null) {
            w.terminate();
        }
    }

    void join() throws InterruptedException {
        thread.join();
    }
}
