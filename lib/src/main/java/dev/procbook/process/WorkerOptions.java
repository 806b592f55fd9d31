package dev.procbook.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How worker JVMs are started: the {@code java} command, JVM options, class path, and how long to wait.
 *
 * <p>Defaults: the parent's own {@code java} and class path, {@code -XX:+UseSerialGC -Xss4m
 * -XX:+ExitOnOutOfMemoryError} (an out-of-memory worker dies and is replaced rather than limping on), 30 s to
 * start and a 2 s grace period on close.
 * {@code WorkerOptions.defaults().withJvmOptions(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"))}
 *
 * @param javaCommand the {@code java} executable
 * @param jvmOptions  options placed before the main class
 * @param classPath   the class path of the worker
 * @param startTimeout how long to wait for a worker to connect back
 * @param gracePeriod how long {@code close} waits for a worker to exit before killing it
 */
public record WorkerOptions(Path javaCommand, List<String> jvmOptions, String classPath, Duration startTimeout,
                            Duration gracePeriod) {

    /** Validates and copies the options. */
    public WorkerOptions {
        Objects.requireNonNull(javaCommand, "javaCommand");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(gracePeriod, "gracePeriod");
    }

    /** The defaults described above. */
    public static WorkerOptions defaults() {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        return new WorkerOptions(java, List.of("-XX:+UseSerialGC", "-Xss4m", "-XX:+ExitOnOutOfMemoryError"),
                System.getProperty("java.class.path"), Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    /** A copy with {@code options} as the JVM options, replacing the defaults. */
    public WorkerOptions withJvmOptions(List<String> options) {
        return new WorkerOptions(javaCommand, options, classPath, startTimeout, gracePeriod);
    }

    /** A copy with {@code more} added after the current JVM options. */
    public WorkerOptions plusJvmOptions(String... more) {
        List<String> all = new java.util.ArrayList<>(jvmOptions);
        all.addAll(List.of(more));
        return withJvmOptions(all);
    }

    /** A copy with {@code path} as the class path. */
    public WorkerOptions withClassPath(String path) {
        return new WorkerOptions(javaCommand, jvmOptions, path, startTimeout, gracePeriod);
    }
}
