package dev.procbook.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How worker JVMs are started: the {@code java} command, JVM options, class path, and how long to wait.
 *
 * <p>Defaults: the parent's own {@code java} and class path, {@code -XX:+UseSerialGC -Xss4m
 * -XX:+ExitOnOutOfMemoryError} (an out-of-memory worker dies and is replaced rather than limping on),
 * {@code -XX:ArchiveRelocationMode=0} (see below), 30 s to
 * start, a 2 s grace period on close, and a class-data archive in {@code $XDG_CACHE_HOME/procbook/cds} (else
 * {@code ~/.cache/procbook/cds}, else a private directory under {@code java.io.tmpdir}).
 * {@code WorkerOptions.defaults().withJvmOptions(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"))}
 *
 * <p>The archive (AppCDS) holds the classes of a worker's start path, ready to map: it is made once per java
 * runtime, JVM options and class path, by a training JVM on the first start that needs it (about a second, once),
 * and makes every later worker start faster. It is silently skipped when the worker's {@code java} is not the
 * parent's, when the JVM options already choose an archive or {@code -Xshare:off}, or when the class path holds a
 * non-empty directory (as under {@code mvn test}). {@link #withoutArchive()} turns it off.
 *
 * <p>{@code -XX:ArchiveRelocationMode=0} maps the JDK's class-data archive at the address it was made for rather
 * than at a random one: the JDKs here relocate it by default, which writes to most of its pages, so that each worker
 * held some 10 MiB of its own copy; mapped in place, its pages stay clean and are shared by every worker and the
 * kernel, and a worker's PSS drops by about a fifth. It gives up address randomization of that archive, in child
 * processes of a notebook; a worker option {@code -XX:ArchiveRelocationMode=1} restores it.
 *
 * <p>{@code -XX:TieredStopAtLevel=1} saves about a tenth of a worker's start-up CPU time, but without the optimizing
 * compiler long CPU-bound tasks run slower, so it is not a default; add it with {@link #plusJvmOptions} for pools
 * of many short tasks.
 *
 * @param javaCommand the {@code java} executable
 * @param jvmOptions  options placed before the main class
 * @param classPath   the class path of the worker
 * @param startTimeout how long to wait for a worker to connect back
 * @param gracePeriod how long {@code close} waits for a worker to exit before killing it
 * <p>Standby workers are off by default. {@code withStandby(n)} keeps {@code n} workers started with these
 * options waiting, warm and idle, so that the next {@code Pool.create} or {@code Worker.start} with them takes them
 * at once (about a millisecond rather than a JVM's start), while replacements start in the background: Procbook's
 * counterpart of Python's {@code forkserver} start method. They are real processes, children of this one, and
 * show in its process tree and memory; {@link Worker#closeStandby()} stops them, and they exit with this process.
 *
 * @param archiveDirectory where workers' class-data archives are kept, or null for none
 * @param standby     how many workers to keep started and waiting for the next start with these options
 */
public record WorkerOptions(Path javaCommand, List<String> jvmOptions, String classPath, Duration startTimeout,
                            Duration gracePeriod, Path archiveDirectory, int standby) {

    /** The most standby workers a set of options may keep. */
    public static final int MAX_STANDBY = 64;

    /** Validates and copies the options. */
    public WorkerOptions {
        Objects.requireNonNull(javaCommand, "javaCommand");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (standby < 0 || standby > MAX_STANDBY) {
            throw new IllegalArgumentException("standby must be between 0 and " + MAX_STANDBY + ": standby="
                    + standby);
        }
    }

    /** Options without standby workers. */
    public WorkerOptions(Path javaCommand, List<String> jvmOptions, String classPath, Duration startTimeout,
                         Duration gracePeriod, Path archiveDirectory) {
        this(javaCommand, jvmOptions, classPath, startTimeout, gracePeriod, archiveDirectory, 0);
    }

    /** Options without a class-data archive, as before archives existed. */
    public WorkerOptions(Path javaCommand, List<String> jvmOptions, String classPath, Duration startTimeout,
                         Duration gracePeriod) {
        this(javaCommand, jvmOptions, classPath, startTimeout, gracePeriod, null, 0);
    }

    /** The defaults described above. */
    public static WorkerOptions defaults() {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        return new WorkerOptions(java, List.of("-XX:+UseSerialGC", "-Xss4m", "-XX:+ExitOnOutOfMemoryError",
                        "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"),
                System.getProperty("java.class.path"), Duration.ofSeconds(30), Duration.ofSeconds(2),
                defaultArchiveDirectory());
    }

    /** The default directory: {@code $XDG_CACHE_HOME/procbook/cds}, else {@code ~/.cache/procbook/cds}. */
    private static Path defaultArchiveDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("procbook").resolve("cds");
    }

    /**
     * Options every worker gets, before these options (a later option wins), besides opening {@code java.nio}
     * ({@link WorkerJar}); the worker's JDK is read from its release file.
     * <ul>
     *   <li>{@code -XX:TrimNativeHeapInterval=5000} where the JDK has it (17.0.9, 21.0.1, 22 and later): every 5 s the
     *   JVM gives back to the system the native memory it freed, which the C library otherwise keeps. A worker's JIT
     *   frees what each compilation used: on JDK 25, in four fresh {@code Pool(2)}s of five, one worker kept an
     *   optimizing compilation's 6 MiB for good, 36.6 MiB of PSS against 29.5 trimmed; on JDK 17, 28 against 26.6.</li>
     *   <li>on JDK 23 and later, whose first use of {@code sun.misc.Unsafe}'s memory methods (by Arrow and Agrona)
     *   prints a warning that would reach the parent's stderr, those methods are allowed.</li>
     * </ul>
     */
    List<String> requiredJvmOptions() {
        List<String> out = new ArrayList<>();
        WorkerRuntime.of(javaCommand).ifPresent(r -> {
            if (r.trimsNativeHeap()) {
                out.add("-XX:TrimNativeHeapInterval=5000");
            }
            if (r.feature() >= 23) {
                out.add("--sun-misc-unsafe-memory-access=allow");
            }
        });
        return out;
    }

    /** A copy with {@code options} as the JVM options, replacing the defaults. */
    public WorkerOptions withJvmOptions(List<String> options) {
        return new WorkerOptions(javaCommand, options, classPath, startTimeout, gracePeriod, archiveDirectory,
                standby);
    }

    /** A copy with {@code more} added after the current JVM options. */
    public WorkerOptions plusJvmOptions(String... more) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(List.of(more));
        return withJvmOptions(all);
    }

    /** A copy with {@code path} as the class path. */
    public WorkerOptions withClassPath(String path) {
        return new WorkerOptions(javaCommand, jvmOptions, path, startTimeout, gracePeriod, archiveDirectory, standby);
    }

    /** A copy that keeps workers' class-data archives in {@code directory}. */
    public WorkerOptions withArchiveDirectory(Path directory) {
        return new WorkerOptions(javaCommand, jvmOptions, classPath, startTimeout, gracePeriod,
                Objects.requireNonNull(directory, "directory"), standby);
    }

    /** A copy that starts workers without a class-data archive. */
    public WorkerOptions withoutArchive() {
        return new WorkerOptions(javaCommand, jvmOptions, classPath, startTimeout, gracePeriod, null, standby);
    }

    /**
     * A copy that keeps {@code n} standby workers waiting (see above); 0 turns them off.
     *
     * @throws IllegalArgumentException if {@code n} is negative or above {@value #MAX_STANDBY}
     */
    public WorkerOptions withStandby(int n) {
        return new WorkerOptions(javaCommand, jvmOptions, classPath, startTimeout, gracePeriod, archiveDirectory, n);
    }
}
