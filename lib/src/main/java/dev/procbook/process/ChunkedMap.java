package dev.procbook.process;

import dev.procbook.progress.Progress;
import dev.procbook.progress.ProgressReporter;
import dev.procbook.process.wire.TopLevelValues;
import dev.procbook.process.wire.WaitInterruptedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The iterator behind {@code map}, {@code imap}, {@code imapUnordered} and {@code starmap}: cuts the items into
 * chunks, keeps a window of chunks running ahead of the consumer, and hands out results in order or as they come.
 */
final class ChunkedMap<R> implements Iterator<R> {

    private final Pool pool;
    private final Object function;
    private final TopLevelValues values;
    private final Iterator<?> items;
    private final boolean pairs;
    private final boolean ordered;
    private final int chunkSize;
    private final int window;
    private final String label;
    private final ProgressReporter progress;
    private final ArrayDeque<CompletableFuture<Object>> running = new ArrayDeque<>();
    private final LinkedBlockingQueue<CompletableFuture<Object>> finished = new LinkedBlockingQueue<>();
    private Iterator<?> current = List.of().iterator();
    private int chunks;

    ChunkedMap(Pool pool, Object function, Iterable<?> items, int chunkSize, boolean ordered, String label) {
        this.pool = pool;
        this.function = function;
        this.items = items.iterator();
        this.pairs = function instanceof SerializableBiFunction;
        this.ordered = ordered;
        this.label = label + " " + TaskDescriptions.describe(function);
        this.values = Worker.topLevelValues(function, this.label);
        int size = items instanceof Collection<?> c ? c.size() : -1;
        this.chunkSize = chunkSize > 0 ? chunkSize
                : size < 0 ? 1 : Math.max(1, (size + 4 * pool.size() - 1) / (4 * pool.size()));
        this.window = Math.max(4, 2 * pool.size());
        this.progress = Progress.start(label, size < 0 ? -1 : size);
        fill();
    }

    private void fill() {
        while (running.size() < window && items.hasNext()) {
            List<Object> chunk = new ArrayList<>(chunkSize);
            while (chunk.size() < chunkSize && items.hasNext()) {
                chunk.add(items.next());
            }
            CompletableFuture<Object> f = pool.submitTask(task(chunk), function, values,
                    label + " chunk " + chunks++ + " of " + chunk.size() + " items");
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

    @SuppressWarnings("unchecked")
    private Task task(List<Object> chunk) {
        if (!pairs) {
            return new Task.Chunk<>((SerializableFunction<Object, Object>) function, new ArrayList<>(chunk));
        }
        ArrayList<Object> firsts = new ArrayList<>();
        ArrayList<Object> seconds = new ArrayList<>();
        for (Object o : chunk) {
            Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
            firsts.add(e.getKey());
            seconds.add(e.getValue());
        }
        return new Task.StarChunk<>((SerializableBiFunction<Object, Object, Object>) function, firsts, seconds);
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
