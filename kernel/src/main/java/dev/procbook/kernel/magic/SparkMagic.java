package dev.procbook.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code %spark [MASTER]}: adds the jars of Procbook's spark module to the class path of later cells (once), imports
 * {@code dev.procbook.spark.*}, and starts a Spark driver as the top-level variable {@code spark}: {@code local[2]}
 * by default, or a master URL such as {@code spark://127.0.0.1:7077}. {@code %spark stop} stops it.
 *
 * <p>The jars are not in the kernel's own jar (they are about 300 MiB): they are found in the folder named by
 * {@code PROCBOOK_SPARK_HOME}, which {@code ./procbook install} writes into the kernelspec.
 */
public final class SparkMagic implements LineMagic {

    /** The system property, then the environment variable, that name the folder whose {@code jars/} holds Spark. */
    public static final String VARIABLE = "PROCBOOK_SPARK_HOME";
    public static final String PROPERTY = "procbook.spark.home";

    private static final Pattern MASTER = Pattern.compile("[A-Za-z0-9\\[\\]*:/._-]+");

    private Path added;

    @Override
    public Object run(String args, MagicContext context) {
        String master = args.isBlank() ? "local[2]" : args.strip();
        if (master.equals("stop")) {
            if (added == null) {
                context.out().println("no Spark driver: %spark has not run");
                return null;
            }
            return context.evalCell("dev.procbook.spark.SparkDriver.stopActive()").object();
        }
        if (!MASTER.matcher(master).matches()) {
            throw new MagicUsageException("%spark", "not a master URL: master=" + master
                    + " (use local[N], local[*], spark://host:port or stop)");
        }
        Path home = sparkHome();
        if (added == null) {
            context.evaluator().addToClasspath(String.join(File.pathSeparator, jars(home)));
            added = home;
            // declared once, then assigned: a redeclaration would make JShell recompile every cell that uses it,
            // resetting their variables (a pool made from the driver) to null
            context.evalCell("import dev.procbook.spark.*;\nSparkDriver spark = null;");
        } else if (!added.equals(home)) {
            throw new MagicUsageException("%spark", "Spark jars were added from another folder: added=" + added
                    + ", now=" + home + " (restart the kernel to change)");
        }
        return context.evalCell("spark = SparkDriver.start(\"" + master + "\");\nspark").object();
    }

    /**
     * The folder named by {@value #PROPERTY} or {@value #VARIABLE}, checked.
     *
     * @throws MagicUsageException if none is named, or it has no jars of Spark
     */
    static Path sparkHome() {
        String named = System.getProperty(PROPERTY); // set on the kernel's command line, it wins over the kernelspec
        if (named == null || named.isBlank()) {
            named = System.getenv(VARIABLE);
        }
        if (named == null || named.isBlank()) {
            throw new MagicUsageException("%spark", "Spark jars not found: " + VARIABLE + " is not set; build them"
                    + " with ./procbook install (or mvn package) and set it to spark/target/spark-home");
        }
        Path home = Path.of(named).toAbsolutePath().normalize();
        if (!Files.isDirectory(home.resolve("jars"))) {
            throw new MagicUsageException("%spark", "Spark jars not found: no jars folder: home=" + home);
        }
        List<String> jars = jars(home);
        if (jars.stream().noneMatch(j -> Path.of(j).getFileName().toString().startsWith("spark-core_"))) {
            throw new MagicUsageException("%spark", "Spark jars not found: no spark-core jar in " + home.resolve("jars"));
        }
        return home;
    }

    private static List<String> jars(Path home) {
        try (Stream<Path> files = Files.list(home.resolve("jars"))) {
            return files.map(Path::toString).filter(p -> p.endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("jars folder unreadable: home=" + home, e);
        }
    }
}
