package dev.procbook.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A Spark standalone cluster on this machine: a master and N workers of one core each, bound to 127.0.0.1, started
 * from a {@link SparkHome} whose jars are every process's class path, so executors run the same versions as the
 * notebook. The master's REST server is off; Spark's daemons cannot run without their web UIs, which bind to
 * 127.0.0.1 on random ports. Logs, worker folders and executors' scratch space live in one temporary folder, deleted
 * on {@link #close()}.
 *
 * <pre>{@code
 * try (LoopbackCluster cluster = LoopbackCluster.start(2);
 *      SparkPool pool = SparkPool.create(cluster.masterUrl())) {
 *     pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p>The daemons started by {@link #start(int)} exit when this JVM does, however it ends (they watch a pipe from it).
 */
public final class LoopbackCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final String MASTER = "org.apache.spark.deploy.master.Master";
    private static final String WORKER = "org.apache.spark.deploy.worker.Worker";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final SparkHome home;
    private final Path workDir;
    private final String masterUrl;
    private final List<Process> daemons;
    private boolean closed;

    private LoopbackCluster(SparkHome home, Path workDir, String masterUrl, List<Process> daemons) {
        this.home = home;
        this.workDir = workDir;
        this.masterUrl = masterUrl;
        this.daemons = daemons;
    }

    /**
     * Starts a master and {@code workers} workers from {@link SparkHome#find()} and waits until every worker has
     * registered.
     *
     * @throws SparkHomeException    if the jars are missing
     * @throws ClusterStartException if a daemon exits or does not register within two minutes; none is left running
     */
    public static LoopbackCluster start(int workers) {
        return start(SparkHome.find(), workers, true);
    }

    /**
     * As {@link #start(int)} from {@code home}; {@code tied}: the daemons exit when this JVM does (else they outlive
     * it, for {@code ./procbook spark-cluster start}, and {@link #stopRecorded} stops them).
     */
    public static LoopbackCluster start(SparkHome home, int workers, boolean tied) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive: workers=" + workers);
        }
        Path workDir = createWorkDir();
        List<Process> started = new ArrayList<>();
        boolean ok = false;
        try {
            int port = freePort();
            String url = "spark://" + HOST + ":" + port;
            Process master = launch(home, workDir, "master", tied, MASTER,
                    List.of("--host", HOST, "--port", String.valueOf(port), "--webui-port", "0"));
            started.add(master);
            awaitPort(master, workDir.resolve("master.log"), port);
            for (int i = 0; i < workers; i++) {
                Path dir = workDir.resolve("worker-" + i);
                Files.createDirectories(dir);
                started.add(launch(home, workDir, "worker-" + i, tied, WORKER, List.of("--host", HOST, "--port",
                        "0", "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir", dir.toString(),
                        url)));
            }
            awaitWorkers(started, workDir.resolve("master.log"), workers);
            if (!tied) {
                AbandonedFolders.markOwner(workDir, master.toHandle()); // it outlives this JVM
            }
            ok = true;
            return new LoopbackCluster(home, workDir, url, started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the cluster: dir=" + workDir, e);
        } finally {
            if (!ok) {
                stopAll(started);
                SparkDriver.deleteTree(workDir);
            }
        }
    }

    private static Process launch(SparkHome home, Path workDir, String name, boolean tied, String mainClass,
                                  List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx256m");
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(workDir.resolve("tmp")));
        command.add("-Dspark.master.rest.enabled=false");
        command.add("-Dspark.worker.cleanup.enabled=false");
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split("\\s+")));
        command.add("-cp");
        command.add(home.classPath());
        if (tied) {
            command.add(ClusterProcessMain.class.getName());
        }
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.dir().toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SPARK_LOCAL_IP", HOST);
        // Spark's launcher asks for the Scala version before it looks for SPARK_HOME/jars (a RELEASE file there)
        env.put("SPARK_SCALA_VERSION", scala.util.Properties.versionNumberString()
                .replaceAll("^(\\d+\\.\\d+).*", "$1"));
        env.put("SPARK_LOCAL_DIRS", Files.createDirectories(workDir.resolve("local")).toString());
        env.put("SPARK_WORKER_DIR", workDir.toString());
        env.remove("SPARK_CONF_DIR");
        pb.redirectErrorStream(true);
        pb.redirectOutput(workDir.resolve(name + ".log").toFile());
        if (!tied) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        return pb.start();
    }

    private static void awaitPort(Process master, Path log, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 200);
                return;
            } catch (IOException e) {
                checkAlive(master, "master", log);
                if (System.nanoTime() > deadline) {
                    throw new ClusterStartException("master", "no listener on port " + port + tail(log));
                }
                pause();
            }
        }
    }

    private static void awaitWorkers(List<Process> daemons, Path masterLog, int workers) {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (registered(masterLog) < workers) {
            for (int i = 0; i < daemons.size(); i++) {
                String name = i == 0 ? "master" : "worker-" + (i - 1);
                checkAlive(daemons.get(i), name, masterLog.resolveSibling(name + ".log"));
            }
            if (System.nanoTime() > deadline) {
                throw new ClusterStartException("workers", "registered " + registered(masterLog) + " of "
                        + workers + tail(masterLog));
            }
            pause();
        }
    }

    /** How many workers the master's log says registered. */
    private static int registered(Path masterLog) {
        try {
            return (int) Files.readAllLines(masterLog, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("Registering worker")).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private static void checkAlive(Process p, String name, Path log) {
        if (!p.isAlive()) {
            throw new ClusterStartException(name, "exited with status " + p.exitValue() + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "; log " + log + " ends:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15),
                    lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "; no log at " + log;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException("cluster", "interrupted while waiting for it to start");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static Path createWorkDir() {
        return AbandonedFolders.create("cluster");
    }

    /** The URL drivers connect to: {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** The folder of the cluster's logs and worker folders. */
    public Path workDir() {
        return workDir;
    }

    /** The master's process. */
    public ProcessHandle master() {
        return daemons.get(0).toHandle();
    }

    /** The workers' processes. */
    public List<ProcessHandle> workers() {
        return daemons.subList(1, daemons.size()).stream().map(Process::toHandle).toList();
    }

    /** The executors running now: the executor JVMs that the workers started. */
    public List<ProcessHandle> executors() {
        return workers().stream().flatMap(ProcessHandle::children)
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(
                        "org.apache.spark.executor.CoarseGrainedExecutorBackend")).orElse(false))
                .toList();
    }

    /**
     * The memory of every process of the cluster now, one row each (master, workers, executors): PSS, USS and RSS
     * in MiB, as {@link dev.procbook.memory.MemoryByRole} reads them.
     */
    public tech.tablesaw.api.Table memory(String title) {
        return dev.procbook.memory.MemoryByRole.of().add("master", master().pid())
                .addAll("worker", workers().stream().map(ProcessHandle::pid).toList())
                .addAll("executor", executors().stream().map(ProcessHandle::pid).toList())
                .measure(title);
    }

    /** Every process of the cluster: master, workers and executors. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(master());
        all.addAll(workers());
        all.addAll(executors());
        return all;
    }

    /** Stops the workers (which stop their executors) and the master, then deletes the folder; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll(daemons);
        SparkDriver.deleteTree(workDir);
    }

    /** Stops workers first, then the master: each politely, then forcibly, with whatever it started. */
    static void stopAll(List<Process> processes) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (int i = processes.size() - 1; i >= 0; i--) {
            handles.add(processes.get(i).toHandle());
        }
        stopHandles(handles);
    }

    static void stopHandles(List<ProcessHandle> handles) {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle h : handles) {
            all.addAll(h.descendants().toList());
            all.add(h);
        }
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                h.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                all.forEach(ProcessHandle::destroyForcibly);
                return;
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.destroyForcibly();
                h.onExit().join();
            }
        }
    }

    @Override
    public String toString() {
        return "LoopbackCluster[master=" + masterUrl + ", workers=" + (daemons.size() - 1) + ", home=" + home + "]";
    }
}
