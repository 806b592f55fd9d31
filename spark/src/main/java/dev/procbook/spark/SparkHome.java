package dev.procbook.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder whose {@code jars/} holds Spark, Procbook's library and their dependencies: what the kernel adds to its
 * class path for {@code %spark}, and the {@code SPARK_HOME} of a loopback cluster's master, workers and executors,
 * so that every process runs the same versions. The build makes it in {@code spark/target/spark-home}.
 */
public final class SparkHome {

    /** The system property, then the environment variable, that name the folder. */
    public static final String PROPERTY = "procbook.spark.home";
    public static final String VARIABLE = "PROCBOOK_SPARK_HOME";

    private final Path dir;

    private SparkHome(Path dir) {
        this.dir = dir;
    }

    /**
     * The folder named by {@value #PROPERTY} or {@value #VARIABLE}, checked.
     *
     * @throws SparkHomeException if neither names one, or the folder named has no jars of Spark
     */
    public static SparkHome find() {
        String named = System.getProperty(PROPERTY);
        if (named == null || named.isBlank()) {
            named = System.getenv(VARIABLE);
        }
        if (named == null || named.isBlank()) {
            throw new SparkHomeException(null, "not configured: set " + VARIABLE + " (or -D" + PROPERTY
                    + ") to the spark-home folder the build makes (spark/target/spark-home)");
        }
        return at(Path.of(named));
    }

    /**
     * The folder {@code dir}, checked.
     *
     * @throws SparkHomeException if {@code dir} or its {@code jars/} is missing, or holds no spark-core jar
     */
    public static SparkHome at(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new SparkHomeException(abs, "no such folder");
        }
        Path jars = abs.resolve("jars");
        if (!Files.isDirectory(jars)) {
            throw new SparkHomeException(abs, "no jars folder in it: build it with mvn -pl spark -am package");
        }
        if (!Files.isRegularFile(abs.resolve("RELEASE"))) {
            throw new SparkHomeException(abs, "no RELEASE file in it: Spark's launcher needs one to start executors");
        }
        SparkHome home = new SparkHome(abs);
        if (home.jars().stream().noneMatch(j -> j.getFileName().toString().startsWith("spark-core_"))) {
            throw new SparkHomeException(abs, "no spark-core jar in " + jars);
        }
        return home;
    }

    /** The folder itself. */
    public Path dir() {
        return dir;
    }

    /** Every jar in {@code jars/}, sorted by name. */
    public List<Path> jars() {
        try (Stream<Path> files = Files.list(dir.resolve("jars"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("jars folder unreadable: home=" + dir, e);
        }
    }

    /** A class path of every jar, as a JVM's {@code -cp} takes it. */
    public String classPath() {
        return dir.resolve("jars") + "/*";
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
