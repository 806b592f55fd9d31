package dev.procbook.spark;

import dev.procbook.process.SerializableBiFunction;
import dev.procbook.process.SerializableCallable;
import dev.procbook.process.SerializableFunction;
import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.UserClassLoaders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@link dev.procbook.process.Pool}'s shape on Spark: the same lambdas, records and classes from cells run on
 * executors, with the top-level variables they read copied at submit, as for a local pool.
 *
 * <pre>{@code
 * int factor = 3;                                   // a top-level variable in one cell
 * try (SparkPool pool = SparkPool.create("local[2]")) {
 *     List<Integer> tripled = pool.map(x -> x * factor, List.of(1, 2, 3));   // [3, 6, 9]
 * }
 * }</pre>
 *
 * <p>Each call is one Spark job with one task per chunk; results come back in item order. A function that throws
 * fails the call with a {@link dev.procbook.process.TaskFailedException} whose cause carries the executor's stack
 * trace; an interrupt while waiting cancels the job. Unlike a local pool's, the items are read in full before the
 * job starts: Spark plans every partition up front.
 */
public final class SparkPool implements AutoCloseable {

    private final SparkDriver driver;
    private final boolean ownsDriver;
    private volatile boolean closed;

    SparkPool(SparkDriver driver) {
        this(driver, false);
    }

    private SparkPool(SparkDriver driver, boolean ownsDriver) {
        this.driver = driver;
        this.ownsDriver = ownsDriver;
    }

    /**
     * Starts a driver for {@code masterUrl} and a pool on it; closing the pool stops the driver.
     *
     * @throws MasterUrlException if the URL is malformed or its master does not answer
     */
    public static SparkPool create(String masterUrl) {
        return new SparkPool(SparkDriver.start(masterUrl), true);
    }

    /** The driver whose executors run this pool's tasks. */
    public SparkDriver driver() {
        return driver;
    }

    /** How many tasks run at once: Spark's default parallelism. */
    public int size() {
        return driver.parallelism();
    }

    /**
     * Runs {@code task} on an executor; the future completes with its result, or exceptionally with a
     * {@link dev.procbook.process.TaskFailedException} or {@link SparkJobFailedException}. Cancelling it cancels
     * the job.
     *
     * @throws dev.procbook.process.wire.NotSerializableObjectException if the task cannot be serialized
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        checkOpen();
        byte[] function = prepare(task, List.of());
        return (CompletableFuture<T>) SparkJob.submitOne(driver.context().sc(), Codec.encode(listOf((Object) null)),
                new ChunkTask(function, ChunkTask.Kind.CALL), "submit " + describe(task));
    }

    /** Runs {@code function} on {@code argument} on an executor; see {@link #submit(SerializableCallable)}. */
    public <A, R> CompletableFuture<R> apply(SerializableFunction<A, R> function, A argument) {
        return submit(() -> function.apply(argument));
    }

    /**
     * Applies {@code function} to every item on executors, in chunks, and returns the results in order.
     *
     * @throws dev.procbook.process.TaskFailedException for the first item whose function threw
     * @throws SparkJobFailedException                  if Spark failed the job
     */
    public <A, R> List<R> map(SerializableFunction<A, R> function, Iterable<? extends A> items) {
        return map(function, items, 0);
    }

    /** As {@link #map(SerializableFunction, Iterable)} with {@code chunkSize} items per task (0: automatic). */
    public <A, R> List<R> map(SerializableFunction<A, R> function, Iterable<? extends A> items, int chunkSize) {
        return this.<R>job(function, new ArrayList<Object>(copy(items)), chunkSize, ChunkTask.Kind.MAP, "map")
                .toList();
    }

    /** As {@link #map(SerializableFunction, Iterable)}, results streamed in order as their chunks finish. */
    public <A, R> Iterator<R> imap(SerializableFunction<A, R> function, Iterable<? extends A> items) {
        return imap(function, items, 1);
    }

    /** As {@link #imap(SerializableFunction, Iterable)} with {@code chunkSize} items per task (0: automatic). */
    public <A, R> Iterator<R> imap(SerializableFunction<A, R> function, Iterable<? extends A> items, int chunkSize) {
        return job(function, new ArrayList<Object>(copy(items)), chunkSize, ChunkTask.Kind.MAP, "imap");
    }

    /**
     * Applies {@code function} to each pair, as Python's {@code starmap} unpacks argument tuples.
     *
     * @throws dev.procbook.process.TaskFailedException for the first pair whose function threw
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return starmap(function, pairs, 0);
    }

    /** As {@link #starmap(SerializableBiFunction, Iterable)} with {@code chunkSize} pairs per task. */
    public <A, B, R> List<R> starmap(SerializableBiFunction<A, B, R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunkSize) {
        List<Object> items = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> e : pairs) {
            items.add(new Object[] {e.getKey(), e.getValue()}); // an array: Map.entry's class is not serializable
        }
        return this.<R>job(function, items, chunkSize, ChunkTask.Kind.STARMAP, "starmap").toList();
    }

    private <R> SparkJob<R> job(Object function, List<Object> items, int chunkSize, ChunkTask.Kind kind,
                                String verb) {
        checkOpen();
        byte[] encoded = prepare(function, items);
        int size = chunkSize > 0 ? chunkSize
                : Math.max(1, (items.size() + 4 * size() - 1) / (4 * size()));
        List<byte[]> chunks = new ArrayList<>();
        int[] starts = new int[(items.size() + size - 1) / size];
        for (int from = 0, c = 0; from < items.size(); from += size, c++) {
            starts[c] = from;
            chunks.add(Codec.encode(new ArrayList<>(items.subList(from, Math.min(items.size(), from + size)))));
        }
        return SparkJob.submit(driver.context().sc(), chunks, new ChunkTask(encoded, kind), starts,
                verb + " " + describe(function));
    }

    /**
     * Encodes {@code function} with the top-level values its cell code reads, copied now, and makes the cell classes
     * it and the items need fetchable by executors.
     */
    private byte[] prepare(Object function, List<Object> items) {
        UserClassLoaders.register(function.getClass().getClassLoader());
        Set<Class<?>> roots = new LinkedHashSet<>(LambdaClasses.of(function));
        for (Object item : items) {
            if (item instanceof Object[] pair) {
                for (Object o : pair) {
                    if (o != null) {
                        roots.add(o.getClass());
                    }
                }
            } else if (item != null) {
                roots.add(item.getClass());
            }
        }
        driver.publishCellClasses(roots);
        return Codec.encode(function);
    }

    private static List<Object> listOf(Object item) {
        List<Object> one = new ArrayList<>(1);
        one.add(item);
        return one;
    }

    private static <T> Collection<T> copy(Iterable<T> items) {
        if (items instanceof Collection<T> c) {
            return c;
        }
        List<T> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }

    private static String describe(Object function) {
        return LambdaClasses.describe(function);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SparkPool closed: master=" + driver.master());
        }
    }

    /** Refuses new calls; stops the driver if {@link #create(String)} started it; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ownsDriver) {
            driver.close();
        }
    }

    @Override
    public String toString() {
        return "SparkPool[master=" + driver.master() + ", parallelism=" + size() + "]";
    }
}
