package dev.procbook.process;

import dev.procbook.process.wire.TopLevelValues;
import dev.procbook.process.wire.WaitInterruptedException;
import dev.procbook.progress.Progress;
import dev.procbook.progress.ProgressReporter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The iterator behind {@code map}, {@code imap}, {@code imapUnordered} and {@code starmap}: cuts the items into
 * chunks, keeps a window of chunks running ahead of the consumer, and hands out results in order or as they come.
 */
final class ChunkedMap<T, R> implements Iterator<R> {

    /** Where the map's tasks go: the pool's queue. */
    @FunctionalInterface
    interface TaskSink {
        /** Queues an encoded task that reads {@code values}, which go to each worker once. */
        CompletableFuture<Object> submit(byte[] task, TopLevelValues values, String description);
    }

    private final TaskSink sink;
    private final ChunkTasks<T> tasks;
    private final TopLevelValues values;
    private final Iterator<? extends T> items;
    private final boolean ordered;
    private final int chunkSize;
    private final int window;
    private final String label;
    private final ProgressReporter progress;
    private final ArrayDeque<CompletableFuture<Object>> running = new ArrayDeque<>();
    private final LinkedBlockingQueue<CompletableFuture<Object>> finished = new LinkedBlockingQueue<>();
    private Iterator<?> current = List.of().iterator();
    private int chunks;

    /**
     * Starts the map of {@code tasks} over {@code items} on a pool of {@code workers} workers, whose queue is
     * {@code sink}; {@code chunkSize} 0 picks one.
     */
    ChunkedMap(ChunkTasks<T> tasks, Iterable<? extends T> items, int chunkSize, boolean ordered, String label,
               int workers, TaskSink sink) {
        this.sink = sink;
        this.tasks = tasks;
        this.items = items.iterator();
        this.ordered = ordered;
        this.label = label + " " + TaskDescriptions.describe(tasks.function());
        this.values = TaskEncoding.topLevelValues(tasks.function(), this.label);
        int size = items instanceof Collection<?> c ? c.size() : -1;
        this.chunkSize = chunkSize > 0 ? chunkSize
                : size < 0 ? 1 : Math.max(1, (size + 4 * workers - 1) / (4 * workers));
        this.window = Math.max(4, 2 * workers);
        this.progress = Progress.start(label, size < 0 ? -1 : size);
        fill();
    }

    private void fill() {
        while (running.size() < window && items.hasNext()) {
            List<T> chunk = new ArrayList<>(chunkSize);
            while (chunk.size() < chunkSize && items.hasNext()) {
                chunk.add(items.next());
            }
            String description = label + " chunk " + chunks++ + " of " + chunk.size() + " items";
            CompletableFuture<Object> f = sink.submit(
                    TaskEncoding.encode(tasks.task(chunk), tasks.function(), values, description), values, description);
            int n = chunk.size();
            f.whenComplete((v, e) -> {
                progress.advance(n);
                if (!ordered) {
                    finished.add(f);
                }
            });
            running.add(f);
        }
    }

    /**
     * Cancels {@code waited} and the chunks not yet consumed: queued ones are dropped, running ones stop with their
     * worker.
     */
    private void abandon(CompletableFuture<Object> waited) {
        try {
            cancel(waited);
        } finally {
            // again: JDK 17 stops a cell with an interrupt and then, at some later point, a ThreadDeath, which may
            // cut the first pass short; it comes once, so this pass completes
            cancel(waited);
            progress.close(); // last: a display that fails to close must not keep the tasks running
        }
    }

    private void cancel(CompletableFuture<Object> waited) {
        if (waited != null) {
            waited.cancel(false);
        }
        running.forEach(r -> r.cancel(false));
        running.clear();
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (running.isEmpty()) {
                progress.close();
                return false;
            }
            current = nextChunk().iterator();
            fill();
        }
        return true;
    }

    private List<?> nextChunk() {
        CompletableFuture<Object> f = null;
        // get(), not join(): an interrupt (a notebook's interrupt button on JDK 21+) must end the wait
        try {
            f = ordered ? running.removeFirst() : finished.take();
            if (!ordered) {
                running.remove(f);
            }
            return (List<?>) f.get();
        } catch (InterruptedException e) {
            abandon(f);
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("results: task=" + label, e);
        } catch (ExecutionException e) {
            abandon(f);
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (RuntimeException | Error e) {
            // JDK 17 stops a notebook cell with ThreadDeath: its tasks must not run on for nobody either
            abandon(f);
            throw e;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more results: task=" + label);
        }
        return (R) current.next();
    }
}
