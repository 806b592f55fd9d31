package dev.procbook.shm;

import dev.procbook.memory.HeapTrim;
import dev.procbook.memory.MemorySampler;
import dev.procbook.memory.ProcessMemory;
import dev.procbook.memory.ProcessMemoryReader;
import dev.procbook.memory.Sampling;
import dev.procbook.memory.Settle;
import dev.procbook.process.Pool;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The seed's "Process tree" and "Shared data" experiment in the JVM: a column of {@code bytes / 8} longs is
 * processed by a pool of 2 workers, each summing all of it and holding it while this process and both workers are
 * measured, in one of four ways:
 * <ul>
 *   <li>{@link Way#BASELINE}: the same steps as {@link Way#SHARED_FRAME} (the table built here, a frame published,
 *       attached and summed by both workers) but with a frame of no rows: what the setup costs without the data;</li>
 *   <li>{@link Way#COPIED}: a {@code long[]} here, sent to each worker as a serialized argument (Python's pickled
 *       {@code Pool.map} argument): three copies of the data, and about three times the data in PSS, because each
 *       process gives back the heap it no longer needs before the reading ({@link HeapTrim}): each task's encoding
 *       here allocates several times the data (a doubling buffer, its trimmed copy, the task frame's copy), which
 *       a JVM otherwise keeps committed up to its {@code MaxHeapFreeRatio};</li>
 *   <li>{@link Way#SHARED_FRAME}: published once as a {@link SharedFrame}; the workers receive its name and attach
 *       it (Python's {@code SharedMemory} by name): one copy, shared;</li>
 *   <li>{@link Way#COPY_ON_WRITE}: the same frame attached copy-on-write, each worker writing some of its pages
 *       first (what fork's copy-on-write gives a Python worker that writes to a global).</li>
 * </ul>
 * A {@link MemorySampler} runs throughout, so each result carries the processes' memory over time as well as the
 * figures read once both workers hold the data. Garbage is collected, and the freed heap given back, in every process
 * before that reading ({@link HeapTrim}), so it shows memory held, not memory passing through.
 *
 * <p>{@code SharingExperiment.Result r = SharingExperiment.run(Way.SHARED_FRAME, 256L << 20, Duration.ofMillis(100));}
 */
public final class SharingExperiment {

    /** How the data reaches the workers. */
    public enum Way { BASELINE, COPIED, SHARED_FRAME, COPY_ON_WRITE }

    private static final double MIB = 1024.0 * 1024.0;
    private static final long PAGE = 4096;

    /**
     * What one way cost.
     *
     * @param way         how the data reached the workers
     * @param dataBytes   the data's size: the {@code long[]} copied, or the frame's file
     * @param kernelPss   PSS of this process while both workers held the data, in bytes
     * @param workersPss  PSS of the two workers then
     * @param totalRss    RSS of the three, summed (counts shared pages once per process)
     * @param totalUss    USS of the three
     * @param secondsUntilSummed from just before the pool was made until both workers had summed the data
     * @param workerSums  what each worker summed
     * @param sampling    the memory of this process and the two workers over the whole run, and the system's
     */
    public record Result(Way way, long dataBytes, long kernelPss, long workersPss, long totalRss, long totalUss,
                         double secondsUntilSummed, List<Long> workerSums, Sampling sampling) {

        /** PSS of this process and both workers: their share of physical memory. */
        public long totalPss() {
            return kernelPss + workersPss;
        }
    }

    /** What a worker holds between its task and the pool's close. */
    static final class Held {
        static Object data;

        private Held() {
        }
    }

    private SharingExperiment() {
    }

    /**
     * Runs one way with a column of {@code bytes / 8} longs, sampling every {@code interval}.
     *
     * @throws IllegalArgumentException if {@code bytes} is under one page
     */
    public static Result run(Way way, long bytes, Duration interval) {
        return run(way, bytes, interval, 0.1);
    }

    /**
     * As {@link #run(Way, long, Duration)}; in {@link Way#COPY_ON_WRITE} each worker writes {@code writeFraction} of
     * the frame's pages.
     */
    public static Result run(Way way, long bytes, Duration interval, double writeFraction) {
        if (bytes < PAGE) {
            throw new IllegalArgumentException("data too small: bytes=" + bytes);
        }
        int rows = Math.toIntExact(bytes / Long.BYTES);
        long self = ProcessHandle.current().pid();
        String name = "procbook-sharing-" + self + "-" + way.name().toLowerCase() + "-" + System.nanoTime();
        try (MemorySampler sampler = MemorySampler.start(interval);
             SharedSegment barrier = SharedSegment.create(name + "-barrier", 4096)) {
            long[] copied = null;
            SharedFrame frame = null;
            try {
                long dataBytes = 0;
                if (way == Way.COPIED) {
                    copied = new long[rows];
                    for (int i = 0; i < rows; i++) {
                        copied[i] = i % 1000;
                    }
                    dataBytes = (long) rows * Long.BYTES;
                } else if (way == Way.BASELINE) {
                    frame = SharedFrame.publish(name, table(rows).emptyCopy());
                } else {
                    frame = SharedFrame.publish(name, table(rows));
                    frame.column("x").sumLong(); // this process reads it too, as Python's parent fills its segment
                    dataBytes = frame.bytes();
                }
                settle(self);
                long start = System.nanoTime();
                try (Pool pool = Pool.create(2)) {
                    List<CompletableFuture<Long>> tasks = new ArrayList<>();
                    for (int w = 0; w < 2; w++) {
                        tasks.add(submit(pool, way, barrier.name(), copied, frame, writeFraction));
                    }
                    List<Long> sums = new ArrayList<>();
                    tasks.forEach(t -> sums.add(t.join()));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    settle(self);
                    Result result = measure(way, dataBytes, self, pool.pids(), seconds, sums, sampler);
                    // compiled code may drop a local after its last use: the copy here must be held while measured
                    Reference.reachabilityFence(copied);
                    return result;
                }
            } finally {
                if (frame != null) {
                    frame.close();
                }
            }
        }
    }

    private static Table table(int rows) {
        LongColumn x = LongColumn.create("x", rows);
        for (int i = 0; i < rows; i++) {
            x.set(i, i % 1000);
        }
        return Table.create("data", x);
    }

    private static CompletableFuture<Long> submit(Pool pool, Way way, String barrier, long[] copied, SharedFrame frame,
                                                  double writeFraction) {
        switch (way) {
            case COPIED:
                return pool.submit(() -> {
                    long sum = 0;
                    for (long v : copied) {
                        sum += v;
                    }
                    return hold(barrier, copied, sum);
                });
            case BASELINE:
            case SHARED_FRAME:
                return pool.submit(() -> hold(barrier, frame, frame.column("x").sumLong()));
            default:
                String name = frame.name();
                return pool.submit(() -> {
                    SharedFrame mine = SharedFrame.attachCopyOnWrite(name);
                    writePages(mine, writeFraction);
                    return hold(barrier, mine, mine.column("x").sumLong());
                });
        }
    }

    /** Writes each value's own value back in {@code fraction} of the pages of the frame's column: copies, no change. */
    static void writePages(SharedFrame frame, double fraction) {
        long perPage = PAGE / Long.BYTES;
        long step = Math.max(1, Math.round(1 / fraction));
        for (org.apache.arrow.vector.FieldVector v : frame.column("x").vectors()) {
            org.apache.arrow.vector.BigIntVector longs = (org.apache.arrow.vector.BigIntVector) v;
            for (long i = 0; i < longs.getValueCount(); i += perPage * step) {
                longs.set((int) i, longs.get((int) i));
            }
        }
    }

    /**
     * Keeps {@code data} in this worker, collects garbage, and waits until both workers got here, so that each task
     * runs in its own worker and both hold their data when the pool returns.
     */
    static long hold(String barrier, Object data, long sum) {
        Held.data = data;
        HeapTrim.trim();
        try (SharedSegment b = SharedSegment.attach(barrier)) {
            SharedCounter arrived = b.counter(0);
            arrived.incrementAndGet();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (arrived.get() < 2) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the other worker never arrived: barrier=" + barrier);
                }
                LockSupport.parkNanos(100_000);
            }
        }
        return sum;
    }

    /** Collects garbage here and waits until this process's PSS holds still ({@link Settle}), for up to 5 s. */
    static void settle(long pid) {
        HeapTrim.trim();
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            Settle.await(() -> reader.read(pid).pss(), Duration.ofSeconds(5));
        }
    }

    private static Result measure(Way way, long dataBytes, long self, List<Long> workers, double seconds,
                                  List<Long> sums, MemorySampler sampler) {
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            ProcessMemory kernel = reader.read(self);
            long workersPss = 0;
            long rss = kernel.rss();
            long uss = kernel.uss();
            for (long pid : workers) {
                ProcessMemory m = reader.read(pid);
                workersPss += m.pss();
                rss += m.rss();
                uss += m.uss();
            }
            Sampling all = sampler.sampling();
            List<Long> pids = new ArrayList<>(workers);
            pids.add(self);
            Table processes = all.processes().where(all.processes().longColumn("pid").isIn(pids.stream().mapToLong(Long::longValue).toArray()));
            return new Result(way, dataBytes, kernel.pss(), workersPss, rss, uss, seconds, List.copyOf(sums),
                    new Sampling(processes, all.system()));
        }
    }

    /** One row a result: way, data, PSS of this process, of the workers, their total, RSS and USS totals, in MiB. */
    public static Table totals(List<Result> results) {
        Table t = Table.create("memory while both workers hold the data, MiB", StringColumn.create("way"),
                DoubleColumn.create("data"), DoubleColumn.create("kernel PSS"), DoubleColumn.create("workers PSS"),
                DoubleColumn.create("total PSS"), DoubleColumn.create("total RSS"), DoubleColumn.create("total USS"),
                DoubleColumn.create("seconds until summed"));
        for (Result r : results) {
            t.stringColumn("way").append(r.way().name().toLowerCase());
            t.doubleColumn("data").append(round(r.dataBytes() / MIB));
            t.doubleColumn("kernel PSS").append(round(r.kernelPss() / MIB));
            t.doubleColumn("workers PSS").append(round(r.workersPss() / MIB));
            t.doubleColumn("total PSS").append(round(r.totalPss() / MIB));
            t.doubleColumn("total RSS").append(round(r.totalRss() / MIB));
            t.doubleColumn("total USS").append(round(r.totalUss() / MIB));
            t.doubleColumn("seconds until summed").append(Math.round(r.secondsUntilSummed() * 100) / 100.0);
        }
        return t;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
