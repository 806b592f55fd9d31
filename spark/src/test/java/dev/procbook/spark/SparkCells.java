package dev.procbook.spark;

import dev.procbook.process.wire.CellSources;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Cell sources the Spark tests compile with lib's {@code CellSources}, as a notebook's cells would be. */
final class SparkCells {

    private SparkCells() {
    }

    /** Compiles {@link #CELL} under {@code dir} and returns a loader of its classes, as a notebook's cells. */
    static CellSources.Loader compile(Path dir) throws IOException {
        return new CellSources.Loader(CellSources.compile(dir, Map.of("Cell.java", CELL)));
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
