package dev.procbook.spark;

import dev.procbook.process.wire.CellClassCopies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of a notebook's Spark: one {@link JavaSparkContext}, made for a master URL, with what cell code needs to
 * run on executors. On a standalone master the classes compiled from cells are written, as jobs need them, to the
 * folder Spark's REPL class server serves ({@code spark.repl.class.outputDir}), where executors fetch them.
 *
 * <pre>{@code
 * try (SparkDriver spark = SparkDriver.start("local[2]"); SparkPool pool = spark.pool()) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p>Spark allows one context per JVM: starting a driver stops the one started before, if any. Its UI is off.
 */
public final class SparkDriver implements AutoCloseable {

    /** Loggers kept strongly: java.util.logging forgets a level set on a logger nobody holds. */
    private static final List<Logger> QUIET = Stream.of("org.apache.spark", "org.sparkproject", "io.netty",
            "org.apache.hadoop", "org.apache.parquet").map(Logger::getLogger).toList();
    private static SparkDriver active;

    private final MasterUrl master;
    private final JavaSparkContext context;
    private final Path workDir;
    private final CellClassFiles classFiles;
    /** In {@code local[N]}, the executor's own copies of cell classes; null on a cluster. */
    private final CellClassCopies cellCopies;
    private final double startMillis;
    private final ExecutorMemoryListener memory;
    private volatile SparkSession session;
    private boolean closed;

    private SparkDriver(MasterUrl master, JavaSparkContext context, Path workDir, CellClassFiles classFiles,
                        ExecutorMemoryListener memory, double startMillis) {
        this.memory = memory;
        this.startMillis = startMillis;
        this.master = master;
        this.context = context;
        this.workDir = workDir;
        this.classFiles = classFiles;
        this.cellCopies = master.isLocal() ? new CellClassCopies() : null;
    }

    /**
     * Starts a driver for {@code masterUrl}: {@code local[N]} runs executors in this JVM, {@code spark://host:port}
     * on a standalone cluster (such as {@link LoopbackCluster}'s).
     *
     * @throws MasterUrlException if the URL is malformed or its master does not answer
     */
    public static SparkDriver start(String masterUrl) {
        return start(masterUrl, Map.of());
    }

    /**
     * As {@link #start(String)}, with Spark settings of the caller's on top of Procbook's: for a real cluster
     * {@code spark.driver.host}, {@code spark.executor.memory}, or {@code spark.jars} for code from jars that the
     * executors' class path lacks.
     *
     * @throws MasterUrlException if the URL is malformed or its master does not answer
     */
    public static SparkDriver start(String masterUrl, Map<String, String> settings) {
        MasterUrl master = MasterUrl.parse(masterUrl).checkReachable();
        synchronized (SparkDriver.class) {
            if (active != null) {
                active.close();
            }
            QUIET.forEach(l -> l.setLevel(Level.WARNING));
            long startNanos = System.nanoTime();
            Path workDir = createWorkDir();
            boolean started = false;
            try {
                SparkConf conf = conf(master, workDir);
                settings.forEach(conf::set);
                CellClassFiles classFiles = master.isLocal() ? null : new CellClassFiles(workDir.resolve("classes"));
                if (classFiles != null) {
                    conf.set("spark.repl.class.outputDir", classFiles.dir().toString());
                }
                JavaSparkContext context = createContext(conf);
                ExecutorMemoryListener memory = new ExecutorMemoryListener();
                context.sc().addSparkListener(memory);
                active = new SparkDriver(master, context, workDir, classFiles, memory,
                        (System.nanoTime() - startNanos) / 1e6);
                started = true;
                return active;
            } finally {
                if (!started) {
                    deleteTree(workDir);
                }
            }
        }
    }

    private static SparkConf conf(MasterUrl master, Path workDir) {
        SparkConf conf = new SparkConf()
                .setMaster(master.url())
                .setAppName("procbook")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.local.dir", workDir.resolve("local").toString())
                .set("spark.sql.shuffle.partitions", "4")
                .set("spark.executor.memory", "512m")
                // executors report their heap and process-tree RSS every 2 s (see executorMemory())
                .set("spark.executor.processTreeMetrics.enabled", "true")
                .set("spark.executor.heartbeatInterval", "2s");
        if (master.isLocal() || master.isLoopback()) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }

    /**
     * Makes the context with this class's loader as the thread's context loader: in a notebook that loader is the
     * cells' own (the kernel adds Spark's jars to it), so a local executor, whose loader Spark makes a child of it,
     * sees classes from cells.
     */
    private static JavaSparkContext createContext(SparkConf conf) {
        forgetLocalDirs();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(SparkDriver.class.getClassLoader());
        try {
            JavaSparkContext context = new JavaSparkContext(conf);
            context.setLogLevel("WARN");
            return context;
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * Spark remembers its local folders for the life of the JVM, the first context's {@code spark.local.dir}: a
     * second driver would recreate and use the first one's folder after it was deleted, and leave it behind.
     */
    private static void forgetLocalDirs() {
        org.apache.spark.util.Utils$.MODULE$.clearLocalRootDirs();
    }

    private static Path createWorkDir() {
        return AbandonedFolders.create("driver");
    }

    /** Stops the driver started last, if it still runs; returns what was stopped, for a notebook to show. */
    public static String stopActive() {
        SparkDriver driver;
        synchronized (SparkDriver.class) {
            driver = active;
        }
        if (driver == null) {
            return "no Spark driver running";
        }
        driver.close();
        return "stopped: " + driver.master.url();
    }

    /** How long making the context took, in milliseconds: the driver's start cost. */
    public double startMillis() {
        return startMillis;
    }

    /** The master URL this driver runs jobs on. */
    public String master() {
        return master.url();
    }

    /** Whether executors run in this JVM. */
    public boolean isLocal() {
        return master.isLocal();
    }

    /** The Spark context, for Spark's own API. */
    public JavaSparkContext context() {
        return context;
    }

    /** A Spark SQL session on this driver's context, made on first use. */
    public SparkSession session() {
        SparkSession s = session;
        if (s == null) {
            synchronized (this) {
                s = session;
                if (s == null) {
                    Thread thread = Thread.currentThread();
                    ClassLoader before = thread.getContextClassLoader();
                    thread.setContextClassLoader(SparkDriver.class.getClassLoader());
                    try {
                        s = session = org.apache.spark.sql.classic.SparkSession.builder().sparkContext(context.sc())
                                .getOrCreate();
                    } finally {
                        thread.setContextClassLoader(before);
                    }
                }
            }
        }
        return s;
    }

    /** A pool that runs tasks on this driver's executors, as {@link dev.procbook.process.Pool} runs them in workers. */
    public SparkPool pool() {
        return new SparkPool(this);
    }

    /**
     * The memory every executor reported in its latest heartbeat, one row each: JVM heap and process-tree RSS peaks
     * in MiB, from Spark's listener bus, so executors on other machines are seen too (in {@code local} the one
     * executor is this JVM, {@code driver}).
     */
    public tech.tablesaw.api.Table executorMemory() {
        return memory.table("Executors' memory, as their heartbeats report it");
    }

    /** How many tasks the executors run at once, as Spark counts them. */
    public int parallelism() {
        return context.defaultParallelism();
    }

    /**
     * The copies of cell classes that tasks of the driver started last run with when its executor is this JVM
     * ({@code local[N]}), so that their top-level variables are their own, as on a cluster's executor; null when no
     * driver runs here, as in a cluster's executor process, whose cell classes come from the driver already.
     */
    static CellClassCopies localCellCopies() {
        synchronized (SparkDriver.class) {
            return active == null ? null : active.cellCopies;
        }
    }

    /** Makes the cell classes that {@code roots} need fetchable by executors; nothing to do in {@code local}. */
    void publishCellClasses(Iterable<Class<?>> roots) {
        if (classFiles != null) {
            classFiles.publish(roots);
        }
    }

    /** Stops the context and deletes the driver's folder; idempotent. */
    @Override
    public void close() {
        synchronized (SparkDriver.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (active == this) {
                active = null;
            }
        }
        try {
            context.stop();
        } finally {
            forgetLocalDirs();
            deleteTree(workDir);
        }
    }

    /**
     * Deletes {@code dir} and everything in it.
     *
     * @throws UncheckedIOException if a file cannot be deleted
     */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete: path=" + dir, e);
        }
    }

    @Override
    public String toString() {
        return "SparkDriver[master=" + master.url() + (closed ? ", stopped" : ", parallelism=" + parallelism())
                + String.format(", started in %.0f ms]", startMillis);
    }
}
