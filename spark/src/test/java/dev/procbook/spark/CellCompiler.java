package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.procbook.process.wire.CellClassLoader;
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
 * Sources compiled while a test runs, into a folder no other JVM's class path has, and loaded as a notebook's cells
 * are: by a {@link CellClassLoader} for which every class of the package {@code cell} comes from a cell (as lib's
 * test helper of the same purpose does).
 */
final class CellCompiler {

    private CellCompiler() {
    }

    /** A loader of cell classes from {@code classes}. */
    static final class Loader extends URLClassLoader implements CellClassLoader {
        Loader(Path classes) throws IOException {
            super(new URL[] {classes.toUri().toURL()}, CellCompiler.class.getClassLoader());
        }

        @Override
        public boolean isCellClass(String binaryName) {
            return binaryName.startsWith("cell.");
        }

        @Override
        public String cellOf(String binaryName) {
            return "In [1]";
        }
    }

    /** Compiles {@code sources} (file name to text) under {@code dir} and returns a loader of their classes. */
    static Loader compile(Path dir, Map<String, String> sources) throws IOException {
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), "-d",
                classes.toString(), "--release", "17"));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path src = dir.resolve("src/cell/" + s.getKey());
            Files.createDirectories(src.getParent());
            Files.writeString(src, s.getValue());
            args.add(src.toString());
        }
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "compilation failed");
        return new Loader(classes);
    }

    /**
     * A cell-like class: a record, top-level variables ({@code factor}, set by {@code setUp} as a notebook's
     * declaration cell would, and a list {@code seen}), lambdas reading them and one assigning them.
     */
    static final String CELL = """
            package cell;

            import dev.procbook.process.SerializableFunction;

            public class Cell {
                public record Scaled(int item, long value) {
                }

                public static int factor;

                public static void setUp(int f) {
                    factor = f;
                }

                public static SerializableFunction<Integer, Scaled> scale() {
                    return x -> new Scaled(x, (long) x * factor);
                }

                public static java.util.List<Integer> seen = new java.util.ArrayList<>();

                public static SerializableFunction<Integer, Integer> assignAndRemember() {
                    return x -> {
                        factor = factor + x;
                        seen.add(x);
                        return factor;
                    };
                }

                public static SerializableFunction<Integer, Scaled> slowScale(long millis) {
                    return x -> {
                        Thread.sleep(millis);
                        return new Scaled(x, (long) x * factor);
                    };
                }
            }
            """;
}
