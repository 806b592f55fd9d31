package dev.procbook.process;

import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.process.wire.Reclaimer;
import dev.procbook.process.wire.TopLevelValues;
import dev.procbook.process.wire.WaitInterruptedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of worker JVMs that run tasks in parallel: the counterpart of Python's {@code multiprocessing.Pool}.
 *
 * <pre>{@code
 * try (Pool pool = Pool.create(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 *     CompletableFuture<String> f = pool.submit(() -> "hello from " + ProcessHandle.current().pid());
 * }
 * }</pre>
 *
 * <p>A worker that dies fails only the task it was running (with a {@link WorkerDiedException}) and is replaced.
 * {@link #close()} lets submitted tasks finish, then stops the workers; {@link #terminate()} stops them at once.
 *
 * <p>As Python's pool is terminated when it is garbage collected, a pool that nobody holds is terminated once it is
 * collected: a notebook cell run again, or one interrupted between the pool's start and its assignment, leaves no
 * workers behind. Tasks submitted and not yet done hold the pool: {@code Pool.create(2).submit(task)} runs the task.
 */
public final class Pool implements AutoCloseable {

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final PoolSettings settings;
    private final int id;
    private final List<PoolSlot> slots = new ArrayList<>();
    private final LinkedBlockingQueue<PoolSlot.Job> jobs = new LinkedBlockingQueue<>();
    /** The tasks not yet done, and the lock of the pool's state; the slots' threads hold it, never the pool. */
    private final Outstanding idle = new Outstanding();
    private volatile boolean closing;
    private boolean closed;
    /** The thread whose {@link #close()} closed the pool; guarded by idle. */
    private Thread closer;

    Pool(int processes, PoolSettings settings) {
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be positive: processes=" + processes);
        }
        WorkerLimit.check(processes);
        this.settings = settings;
        this.id = POOL_IDS.incrementAndGet();
        // Until every slot runs, the workers are this constructor's to stop: a notebook's interrupt may end it
        // anywhere (on JDK 17 with a ThreadDeath, held back while a class such as PoolSlot initializes, so it lands
        // right after one), and a worker started for a pool nobody holds would run until the kernel ends.
        List<Worker> workers = List.of();
        boolean started = false;
        try {
            workers = settings.startWorkers(processes);
            for (int i = 0; i < processes; i++) {
                slots.add(new PoolSlot(settings, workers.get(i), jobs, idle::jobDone,
                        "procbook-pool-" + id + "-slot-" + i));
            }
            slots.forEach(PoolSlot::start);
            List<PoolSlot> owned = slots; // the release holds the slots, never the pool
            Reclaimer.register(this, "procbook-pool-" + id + "-reclaim", () -> owned.forEach(PoolSlot::terminate));
            started = true;
        } finally {
            if (!started) {
                slots.forEach(PoolSlot::terminate);
                workers.forEach(Worker::terminate);
            }
        }
    }

    /**
     * Starts a pool of {@code processes} workers with default options, in parallel.
     *
     * @throws WorkerStartException      if a worker cannot be started
     * @throws TooManyWorkersException   if this machine cannot start {@code processes} workers
     * @throws dev.procbook.process.wire.WaitInterruptedException if the thread is interrupted while the workers start;
     *                                   none of them is left running
     */
    public static Pool create(int processes) {
        return builder().processes(processes).build();
    }

    /** A builder for a pool with an initializer, a task quota per worker, or JVM options. */
    public static PoolBuilder builder() {
        return new PoolBuilder();
    }

    /** The process ids of the current workers. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (PoolSlot s : slots) {
            Worker w = s.worker();
            if (w != null) {
                pids.add(w.pid());
            }
        }
        return pids;
    }

    /** The number of worker processes. */
    public int size() {
        return slots.size();
    }

    /**
     * Runs {@code task} in a worker; the future completes with its result or exceptionally with a
     * {@link TaskFailedException} or {@link WorkerDiedException}.
     *
     * @throws TaskNotSerializableException if the task cannot be serialized
     * @throws HandleClosedException        if the pool is closing
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        String description = "submit " + TaskDescriptions.describe(task);
        return (CompletableFuture<T>) enqueue(TaskEncoding.encode(new Task.Call(task), task, TopLevelValues.NONE,
                description), TopLevelValues.NONE, description);
    }

    /** Runs {@code function} on {@code argument} in a worker; see {@link #submit(SerializableCallable)}. */
    public <A, R> CompletableFuture<R> apply(SerializableFunction<A, R> function, A argument) {
        return submit(() -> function.apply(argument));
    }

    private CompletableFuture<Object> enqueue(byte[] task, TopLevelValues values, String description) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        synchronized (idle) {
            if (closing) {
                throw new HandleClosedException("pool: workers=" + slots.size());
            }
            idle.count++;
        }
        jobs.add(new PoolSlot.Job(task, values, description, result, this));
        return result;
    }

    /**
     * Applies {@code function} to every item in workers, in chunks, and returns the results in order; reports
     * progress through {@link dev.procbook.progress.Progress}.
     *
     * @throws TaskFailedException          for the first item whose function threw
     * @throws WorkerDiedException          if a worker died while running a chunk
     * @throws TaskNotSerializableException if the function or an item cannot be serialized
     */
    public <A, R> List<R> map(SerializableFunction<A, R> function, Iterable<? extends A> items) {
        return map(function, items, 0);
    }

    /** As {@link #map(SerializableFunction, Iterable)} with {@code chunkSize} items per task (0: automatic). */
    public <A, R> List<R> map(SerializableFunction<A, R> function, Iterable<? extends A> items, int chunkSize) {
        List<R> out = new ArrayList<>();
        imap(function, items, chunkSize).forEachRemaining(out::add);
        return out;
    }

    /**
     * Applies {@code function} to each pair, as Python's {@code starmap} unpacks argument tuples.
     *
     * @throws TaskFailedException for the first pair whose function threw
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        List<R> out = new ArrayList<>();
        new ChunkedMap<Map.Entry<? extends A, ? extends B>, R>(new ChunkTasks.Pairs<>(function), pairs, 0, true,
                "starmap", size(), this::enqueue).forEachRemaining(out::add);
        return out;
    }

    /**
     * Applies {@code function} to the items lazily: results are streamed in order while later chunks still run.
     * A window of chunks runs ahead of the consumer, so an endless iterable works.
     */
    public <A, R> Iterator<R> imap(SerializableFunction<A, R> function, Iterable<? extends A> items) {
        return imap(function, items, 1);
    }

    /** As {@link #imap(SerializableFunction, Iterable)} with {@code chunkSize} items per task (0: automatic). */
    public <A, R> Iterator<R> imap(SerializableFunction<A, R> function, Iterable<? extends A> items, int chunkSize) {
        return new ChunkedMap<>(new ChunkTasks.OneArgument<>(function), items, chunkSize, true, "map", size(),
                this::enqueue);
    }

    /** As {@link #imap(SerializableFunction, Iterable)}, but results come as soon as their chunk finishes. */
    public <A, R> Iterator<R> imapUnordered(SerializableFunction<A, R> function, Iterable<? extends A> items) {
        return imapUnordered(function, items, 1);
    }

    /** As {@link #imapUnordered(SerializableFunction, Iterable)} with {@code chunkSize} items per task. */
    public <A, R> Iterator<R> imapUnordered(SerializableFunction<A, R> function, Iterable<? extends A> items,
                                            int chunkSize) {
        return new ChunkedMap<>(new ChunkTasks.OneArgument<>(function), items, chunkSize, false, "imapUnordered",
                size(), this::enqueue);
    }

    /** Waits until every task submitted so far has finished. */
    public void join() {
        synchronized (idle) {
            while (idle.count > 0) {
                try {
                    idle.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Refuses new tasks, lets submitted ones finish, then stops the workers and waits for them; idempotent. */
    @Override
    public void close() {
        // One try from the first bytecode: a stop (JDK 17 stops a notebook cell with Thread.stop) may land on any
        // of them. A close ended before its workers stopped, by a stop or an interrupt, kills them, unless the pool
        // was another close's to stop.
        try {
            synchronized (idle) {
                if (closed) {
                    return;
                }
                closer = Thread.currentThread();
                closed = true;
                closing = true;
            }
            if (!awaitInBackground("close", () -> {
                slots.forEach(s -> jobs.add(PoolSlot.Job.STOP));
                joinSlots();
            })) {
                killInBackground();
            }
        } catch (Throwable t) {
            Thread first;
            synchronized (idle) {
                first = closer;
            }
            if (first == null || first == Thread.currentThread()) {
                killInBackground();
            }
            throw t;
        }
    }

    /** Kills the workers at once; tasks not finished fail with a {@link CancellationException}; idempotent. */
    public void terminate() {
        try { // from the first bytecode, as in close
            synchronized (idle) {
                closing = true;
                closed = true;
            }
            List<PoolSlot.Job> dropped = new ArrayList<>();
            jobs.drainTo(dropped);
            dropped.forEach(j -> j.result().completeExceptionally(new CancellationException("pool terminated")));
            if (!awaitInBackground("terminate", () -> {
                slots.forEach(PoolSlot::terminate);
                joinSlots();
            })) {
                killInBackground();
            }
        } catch (Throwable t) {
            killInBackground();
            throw t;
        }
    }

    /**
     * Runs {@code shutdown} on a library thread and waits for it; false if the wait was interrupted. A notebook's
     * interrupt stops the waiting (on JDK 17 by a ThreadDeath that may come anywhere in the caller, even before the
     * shutdown started), never the shutdown: the callers then {@linkplain #killInBackground() kill the workers} on a
     * library thread, so an interrupted close leaves no worker behind.
     */
    private boolean awaitInBackground(String what, Runnable shutdown) {
        Thread t = DaemonThreads.newThread(shutdown, "procbook-pool-" + id + "-" + what);
        t.start();
        try {
            t.join();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void killInBackground() {
        DaemonThreads.newThread(() -> slots.forEach(PoolSlot::terminate), "procbook-pool-" + id + "-kill").start();
    }

    private void joinSlots() {
        for (PoolSlot s : slots) {
            try {
                s.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.terminate();
            }
        }
    }

    /** The count of tasks submitted and not yet done. */
    private static final class Outstanding {
        private int count; // guarded by this

        void jobDone() {
            synchronized (this) {
                count--;
                notifyAll();
            }
        }
    }
}
