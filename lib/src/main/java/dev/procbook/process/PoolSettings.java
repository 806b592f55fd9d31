package dev.procbook.process;

import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.NotSerializableObjectException;
import dev.procbook.process.wire.TopLevelValues;
import dev.procbook.process.wire.WaitInterruptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a {@link Pool} starts and recycles its workers, and the one place where its workers are started: at first,
 * and by each {@link PoolSlot} that replaces one.
 *
 * @param options          the workers' JVM options
 * @param initializer      the encoded initializer task, or null
 * @param maxTasksPerChild tasks after which a worker is replaced; 0 for never
 */
record PoolSettings(WorkerOptions options, byte[] initializer, int maxTasksPerChild) {

    /**
     * Settings whose initializer runs {@code initializer} (null for none).
     *
     * @throws TaskNotSerializableException if the initializer cannot be serialized
     */
    static PoolSettings of(WorkerOptions options, SerializableRunnable initializer, int maxTasksPerChild) {
        try {
            byte[] init = initializer == null ? null : Codec.encode(new Task.Action(initializer));
            return new PoolSettings(options, init, maxTasksPerChild);
        } catch (NotSerializableObjectException e) {
            throw new TaskNotSerializableException("initializer", e);
        }
    }

    /**
     * Starts {@code n} workers and runs the initializer in each, in parallel.
     *
     * @throws WorkerStartException     if a worker cannot be started
     * @throws TaskFailedException      if the initializer throws; no worker is left running
     * @throws WaitInterruptedException if the thread is interrupted; no worker is left running
     */
    List<Worker> startWorkers(int n) {
        List<Worker> workers = Worker.startAll(n, options);
        if (initializer == null) {
            return workers;
        }
        // Sent to every worker before waiting for any, so the initializers run in parallel.
        List<CompletableFuture<Object>> done = new ArrayList<>();
        boolean initialized = false;
        try {
            for (Worker w : workers) {
                done.add(w.submitEncoded(initializer, TopLevelValues.NONE, "initializer"));
            }
            for (CompletableFuture<Object> f : done) {
                f.get(); // not join(): an interrupt must end the wait
            }
            initialized = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("initializer: workers=" + workers.size(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } finally {
            if (!initialized) {
                workers.forEach(Worker::terminate);
            }
        }
        return workers;
    }
}
