package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Java sources compiled while a test runs, into a folder that workers' class path lacks, and loaded as a notebook's
 * cells are: by a {@link CellClassLoader} that counts every class of the package {@code cell} as compiled from a
 * cell. The spark module's tests use it too, through this module's test jar.
 */
public final class CellSources {

    private CellSources() {
    }

    /** A loader of cell classes from {@code classes}; each is said to come from the cell {@code "In [1]"}. */
    public static final class Loader extends URLClassLoader implements CellClassLoader {
        public Loader(Path classes) throws IOException {
            super(new URL[] {classes.toUri().toURL()}, CellSources.class.getClassLoader());
        }

        @Override
        public boolean isCellClass(String binaryName) {
            return binaryName.startsWith("cell.");
        }

        @Override
        public String cellOf(String binaryName) {
            return "In [1]";
        }

        @Override
        public String userTypeName(String typeName) {
            return typeName.replace("cell.", "");
        }
    }

    /** Compiles {@code sources} (file name to text) under {@code dir} and returns the folder of classes. */
    public static Path compile(Path dir, Map<String, String> sources) throws IOException {
        // for Java 17: a JDK 25 test JVM's cells may run in a JDK 17 JVM (a Spark executor, say), as the kernel's do
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), "-d",
                dir.resolve("classes").toString(), "--release", "17"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path src = dir.resolve("src/cell/" + s.getKey());
            Files.createDirectories(src.getParent());
            Files.writeString(src, s.getValue());
            args.add(src.toString());
        }
        Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "compilation failed");
        return dir.resolve("classes");
    }
}
