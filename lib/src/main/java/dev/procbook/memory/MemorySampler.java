package dev.procbook.memory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Samples the memory of a process tree and of the system at a fixed interval on a daemon thread named
 * {@code procbook-memory-sampler-N}, into Tablesaw tables.
 *
 * <p>Each sample lists the tree afresh, so children that start later appear and those that exit disappear.
 * Sampling stops at {@link #close()} or when the root exits; the tables stay readable afterwards.
 *
 * <p>While it runs, the sampler keeps {@code /proc/meminfo} and the {@code /proc} files of the tree's processes open
 * (four per process, see {@link ProcessTree}), so a sample re-reads them instead of opening them again; the files of
 * a process that leaves the tree are closed by the next sample, and all of them when sampling stops.
 * <pre>{@code
 * try (MemorySampler s = MemorySampler.start(Duration.ofMillis(100))) {
 *     runWork();
 *     chart = MemoryCharts.perProcess(s.processes(), "pss");
 * }
 * }</pre>
 */
public final class MemorySampler implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The shortest interval: a sample costs ~0.1 ms a process, so shorter ones would keep a core busy sampling. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(1);

    private final TreeReader tree;
    private final SystemMemoryReader system;
    private final ProcFile meminfo;
    private final ScheduledExecutorService executor;
    private final long startNanos = System.nanoTime();
    /** The samples so far, guarded by this; tables are made from them only when asked for. */
    private final ProcessRows processRows = new ProcessRows();
    private final SystemRows systemRows = new SystemRows();
    /** Guards the kept files and {@link #filesClosed}, apart from the tables' lock so readers of them do not wait. */
    private final Object filesLock = new Object();
    private boolean filesClosed;
    private volatile RuntimeException failure;
    private volatile boolean rootExited;

    private MemorySampler(ProcessTree tree, SystemMemoryReader system) {
        this.tree = Objects.requireNonNull(tree, "tree").newReader();
        this.system = Objects.requireNonNull(system, "system");
        this.meminfo = system.keptFile();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "procbook-memory-sampler-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts sampling this JVM and its descendants every {@code interval}.
     *
     * @throws IllegalArgumentException if {@code interval} is shorter than {@link #MIN_INTERVAL}
     * @throws NoSuchProcessException   if the root process does not exist
     */
    public static MemorySampler start(Duration interval) {
        return start(ProcessTree.current(), new SystemMemoryReader(), interval);
    }

    /**
     * Starts sampling process {@code rootPid} and its descendants every {@code interval}.
     *
     * @throws IllegalArgumentException if {@code interval} is shorter than {@link #MIN_INTERVAL}
     * @throws NoSuchProcessException   if the root process does not exist
     */
    public static MemorySampler start(long rootPid, Duration interval) {
        return start(ProcessTree.of(rootPid), new SystemMemoryReader(), interval);
    }

    /**
     * Starts sampling {@code tree} and {@code system} every {@code interval}; the first sample is taken at once, in
     * the calling thread, so that a root that does not exist or cannot be read fails the start.
     *
     * @throws IllegalArgumentException if {@code interval} is shorter than {@link #MIN_INTERVAL}
     * @throws NoSuchProcessException   if the root process does not exist
     */
    public static MemorySampler start(ProcessTree tree, SystemMemoryReader system, Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("interval too short: interval=" + interval + ", minimum=" + MIN_INTERVAL);
        }
        MemorySampler s = new MemorySampler(tree, system);
        s.sampleOnce(); // the first sample here, before the executor's thread takes over
        if (s.failure != null || s.rootExited) {
            // a root that is gone or unreadable at the start is the caller's mistake, not a race to report later
            s.close();
            throw s.failure != null ? s.failure : new NoSuchProcessException(s.tree.rootPid());
        }
        s.executor.scheduleAtFixedRate(s::sampleOnce, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
        return s;
    }

    private void sampleOnce() {
        try {
            double time = (System.nanoTime() - startNanos) / 1e9;
            TreeMemory memory;
            SystemMemory sys;
            synchronized (filesLock) {
                if (filesClosed) {
                    return;
                }
                memory = tree.measure();
                sys = system.read(meminfo, tree.buffer());
            }
            synchronized (this) {
                for (MeasuredProcess p : memory.processes()) {
                    processRows.add(time, p);
                }
                systemRows.add(time, sys);
            }
        } catch (ProcessExitedException e) {
            rootExited = true;
            stop();
        } catch (RuntimeException e) {
            failure = e;
            stop();
        }
    }

    /** Stops scheduling samples and closes the kept files, from the sampler thread. */
    private void stop() {
        executor.shutdown();
        closeFiles();
    }

    private void closeFiles() {
        synchronized (filesLock) {
            filesClosed = true;
            tree.close();
            meminfo.close();
        }
    }

    /** Returns a copy of the per-process table so far: time, pid, command, rss, pss, uss, swap. */
    public synchronized Table processes() {
        return processRows.toTable();
    }

    /** Returns a copy of the system table so far: time, total, available, used, free, cached, buffers, shared. */
    public synchronized Table system() {
        return systemRows.toTable();
    }

    /** Returns copies of both tables. */
    public synchronized Sampling sampling() {
        return new Sampling(processes(), system());
    }

    /** Returns true until {@link #close()}, the root's exit or a failure stops the sampling. */
    public boolean isRunning() {
        return !executor.isShutdown();
    }

    /** Returns true if sampling stopped because the root process exited. */
    public boolean rootExited() {
        return rootExited;
    }

    /** Returns what stopped the sampling if it was not close() or the root's exit, such as permission denied. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Stops sampling, waits for a sample in progress to finish and closes the tree's files; idempotent. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeFiles();
        }
    }

    /**
     * The per-process rows in growing arrays, so a sample costs no Tablesaw code (and a sampler started first in a
     * JVM does not initialize Tablesaw, which scans the class path, while it measures); the same columns as
     * {@link Sampling#emptyProcessTable()}.
     */
    private static final class ProcessRows {
        private int size;
        private double[] time = new double[64];
        private long[] pid = new long[64];
        private String[] command = new String[64];
        private long[][] metrics = new long[SampledMetric.PerProcess.ALL.length][64];

        void add(double t, MeasuredProcess p) {
            if (size == time.length) {
                int capacity = size * 2;
                time = Arrays.copyOf(time, capacity);
                pid = Arrays.copyOf(pid, capacity);
                command = Arrays.copyOf(command, capacity);
                for (int m = 0; m < metrics.length; m++) {
                    metrics[m] = Arrays.copyOf(metrics[m], capacity);
                }
            }
            ProcessMemory memory = p.memory();
            time[size] = t;
            pid[size] = p.process().pid();
            command[size] = p.process().command();
            for (SampledMetric.PerProcess m : SampledMetric.PerProcess.ALL) {
                metrics[m.ordinal()][size] = m.of(memory);
            }
            size++;
        }

        Table toTable() {
            Table t = Table.create("processes", DoubleColumn.create("time", Arrays.copyOf(time, size)),
                    LongColumn.create("pid", Arrays.copyOf(pid, size)),
                    StringColumn.create("command", Arrays.copyOf(command, size)));
            for (int m = 0; m < metrics.length; m++) {
                String name = SampledMetric.PerProcess.ALL[m].column();
                t.addColumns(LongColumn.create(name, Arrays.copyOf(metrics[m], size)));
            }
            return t;
        }
    }

    /** The system rows in growing arrays; the same columns as {@link Sampling#emptySystemTable()}. */
    private static final class SystemRows {
        private int size;
        private double[] time = new double[64];
        private long[][] metrics = new long[SampledMetric.SystemWide.ALL.length][64];

        void add(double t, SystemMemory m) {
            if (size == time.length) {
                time = Arrays.copyOf(time, size * 2);
                for (int k = 0; k < metrics.length; k++) {
                    metrics[k] = Arrays.copyOf(metrics[k], size * 2);
                }
            }
            time[size] = t;
            for (SampledMetric.SystemWide k : SampledMetric.SystemWide.ALL) {
                metrics[k.ordinal()][size] = k.of(m);
            }
            size++;
        }

        Table toTable() {
            Table t = Table.create("system", DoubleColumn.create("time", Arrays.copyOf(time, size)));
            for (int k = 0; k < metrics.length; k++) {
                String name = SampledMetric.SystemWide.ALL[k].column();
                t.addColumns(LongColumn.create(name, Arrays.copyOf(metrics[k], size)));
            }
            return t;
        }
    }
}
