package dev.procbook.spark;

import dev.procbook.process.TaskFailedException;
import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.WaitInterruptedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.RDD;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * One Spark job: a partition per chunk, each run by a {@link ChunkTask}; hands out the results in item order as
 * chunks finish. Waiting is interruptible: an interrupt, or any way out of a wait other than a result, cancels the
 * job, whose running tasks Spark then interrupts.
 */
final class SparkJob<R> implements Iterator<R> {

    private final String label;
    private final int[] chunkStarts;
    private final ChunkOutcome[] outcomes;
    private final Object lock = new Object();
    private final SimpleFutureAction<Object> action;
    private Throwable jobFailure;
    private boolean jobDone;
    private int nextChunk;
    private Iterator<?> current = List.of().iterator();
    private final java.util.concurrent.CompletableFuture<Object> single;

    private SparkJob(SparkContext sc, RDD<byte[]> rdd, ChunkTask task, int[] chunkStarts, String label,
                     java.util.concurrent.CompletableFuture<Object> single) {
        this.label = label;
        this.single = single;
        this.chunkStarts = chunkStarts;
        this.outcomes = new ChunkOutcome[chunkStarts.length];
        List<Object> partitions = new ArrayList<>();
        for (int i = 0; i < chunkStarts.length; i++) {
            partitions.add(i);
        }
        sc.setLocalProperty("spark.job.description", label);
        sc.setLocalProperty("spark.job.interruptOnCancel", "true");
        this.action = sc.submitJob(rdd, task,
                scala.jdk.javaapi.CollectionConverters.asScala(partitions).toSeq(),
                (index, outcome) -> {
                    synchronized (lock) {
                        outcomes[(Integer) index] = outcome;
                        lock.notifyAll();
                    }
                    if (single != null) {
                        completeSingle(outcome);
                    }
                    return BoxedUnit.UNIT;
                },
                () -> null);
        action.onComplete(this::jobCompleted, scala.concurrent.ExecutionContext.parasitic$.MODULE$);
    }

    /** Submits a job over {@code chunks}, encoded lists of items whose first items are {@code chunkStarts}. */
    static <R> SparkJob<R> submit(SparkContext sc, List<byte[]> chunks, ChunkTask task, int[] chunkStarts,
                                  String label) {
        RDD<byte[]> rdd = new org.apache.spark.api.java.JavaSparkContext(sc)
                .parallelize(chunks, Math.max(1, chunks.size())).rdd();
        return new SparkJob<>(sc, rdd, task, chunkStarts, label, null);
    }

    /**
     * Submits a job of one item and returns its result as a future; cancelling the future cancels the job.
     */
    static java.util.concurrent.CompletableFuture<Object> submitOne(SparkContext sc, byte[] chunk, ChunkTask task,
                                                                    String label) {
        java.util.concurrent.CompletableFuture<Object> result = new java.util.concurrent.CompletableFuture<>();
        RDD<byte[]> rdd = new org.apache.spark.api.java.JavaSparkContext(sc).parallelize(List.of(chunk), 1).rdd();
        SparkJob<Object> job = new SparkJob<>(sc, rdd, task, new int[] {0}, label, result);
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                job.cancel();
            }
        });
        return result;
    }

    /** Completes the future of a one-item job; runs on Spark's scheduler thread, so it only decodes. */
    private void completeSingle(ChunkOutcome outcome) {
        try {
            single.complete(decode(0, outcome).get(0));
        } catch (RuntimeException e) {
            single.completeExceptionally(e);
        }
    }

    private Object jobCompleted(Try<Object> result) {
        synchronized (lock) {
            jobDone = true;
            if (result.isFailure()) {
                jobFailure = result.failed().get();
            }
            lock.notifyAll();
        }
        if (single != null && result.isFailure()) {
            single.completeExceptionally(new SparkJobFailedException(label, result.failed().get()));
        }
        return null;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (nextChunk == outcomes.length) {
                return false;
            }
            current = decode(nextChunk, awaitChunk(nextChunk)).iterator();
            nextChunk++;
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException(label + ": no more results");
        }
        return (R) current.next();
    }

    /** Waits for chunk {@code i}; cancels the job on any way out other than its outcome. */
    private ChunkOutcome awaitChunk(int i) {
        boolean ok = false;
        try {
            synchronized (lock) {
                while (outcomes[i] == null) {
                    if (jobDone && jobFailure != null) {
                        throw new SparkJobFailedException(label, jobFailure);
                    }
                    if (jobDone) {
                        throw new SparkJobFailedException(label, "job ended without the result of chunk " + i);
                    }
                    lock.wait();
                }
                ok = true;
                return outcomes[i];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException(label + " (job cancelled)", e);
        } finally {
            if (!ok) {
                cancel();
            }
        }
    }

    private List<?> decode(int chunk, ChunkOutcome outcome) {
        if (outcome.isFailure()) {
            cancel();
            Throwable remote = (Throwable) Codec.decode(outcome.error);
            String what = outcome.failedItem < 0 ? label + " chunk " + chunk + " (decoding on the executor)"
                    : label + " item " + (chunkStarts[chunk] + outcome.failedItem);
            throw new TaskFailedException(outcome.pid, what, remote);
        }
        return (List<?>) Codec.decode(outcome.results);
    }

    /** Cancels the job if it still runs; Spark interrupts its running tasks. */
    void cancel() {
        if (!action.isCompleted()) {
            action.cancel();
        }
    }

    /** All results, in order. */
    List<R> toList() {
        List<R> out = new ArrayList<>();
        forEachRemaining(out::add);
        return out;
    }
}
