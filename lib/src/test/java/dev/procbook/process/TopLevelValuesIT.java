package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.CellSources;
import dev.procbook.process.wire.TopLevelValueException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Top-level variables of cells reach real workers by value: once per worker and call, set before each task. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class TopLevelValuesIT {

    private static final String CELL = """
            package cell;

            import dev.procbook.process.DecodeCounter;
            import dev.procbook.process.SerializableFunction;

            public class Cell {
                public static int factor = 3;
                public static DecodeCounter big = new DecodeCounter();
                public static Thread unsendable = Thread.currentThread();

                public static SerializableFunction<Integer, Integer> times() {
                    return x -> x * factor;
                }

                public static SerializableFunction<Integer, Integer> decodings() {
                    return x -> big == null ? -1 : DecodeCounter.DECODED.get();
                }

                public static SerializableFunction<Integer, Integer> assigns() {
                    return x -> factor += x;
                }

                public static SerializableFunction<Integer, Integer> usesThread() {
                    return x -> unsendable.getName().length();
                }
            }
            """;

    @SuppressWarnings("unchecked")
    private static SerializableFunction<Integer, Integer> function(Class<?> cell, String name) throws Exception {
        return (SerializableFunction<Integer, Integer>) cell.getMethod(name).invoke(null);
    }

    @Test
    void aWorkerRunsCellCodeWithTheValuesOfItsTopLevelVariablesAtSubmit(@TempDir Path dir) throws Exception {
        try (CellSources.Loader loader = new CellSources.Loader(CellSources.compile(dir, Map.of("Cell.java", CELL)));
             Pool pool = Pool.create(2)) {
            Class<?> cell = loader.loadClass("cell.Cell");
            assertEquals(List.of(3, 6, 9), pool.map(function(cell, "times"), List.of(1, 2, 3)));
            cell.getField("factor").setInt(null, 4);
            assertEquals(List.of(4, 8, 12), pool.map(function(cell, "times"), List.of(1, 2, 3)), "the new value");
            assertEquals(8, pool.submit(() -> function(cell, "times").apply(2)).get());
            assertEquals(List.of(5, 5, 5), pool.map(function(cell, "assigns"), List.of(1, 1, 1), 1),
                    "each task starts from the values at submit, whatever a task before it assigned");
            assertEquals(4, cell.getField("factor").getInt(null), "a worker's assignment stays in the worker");
        }
    }

    @Test
    void aValueTravelsOncePerWorkerAndCallNotOncePerChunk(@TempDir Path dir) throws Exception {
        try (CellSources.Loader loader = new CellSources.Loader(CellSources.compile(dir, Map.of("Cell.java", CELL)));
             Pool pool = Pool.create(2)) {
            SerializableFunction<Integer, Integer> decodings = function(loader.loadClass("cell.Cell"), "decodings");
            List<Integer> items = IntStream.range(0, 100).boxed().toList();
            List<Integer> first = pool.map(decodings, items, 1);
            assertEquals(1, first.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                    "100 chunks, one decoding of the value in each worker");
            List<Integer> second = pool.map(decodings, items, 1);
            assertEquals(2, second.stream().mapToInt(Integer::intValue).max().orElseThrow(), "one more per call");
        }
    }

    @Test
    void aValueThatCannotTravelFailsTheSubmitNamingTheVariable(@TempDir Path dir) throws Exception {
        try (CellSources.Loader loader = new CellSources.Loader(CellSources.compile(dir, Map.of("Cell.java", CELL)));
             Pool pool = Pool.create(1)) {
            SerializableFunction<Integer, Integer> f = function(loader.loadClass("cell.Cell"), "usesThread");
            TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class,
                    () -> pool.map(f, List.of(1)));
            TopLevelValueException cause = (TopLevelValueException) e.getCause();
            assertEquals("unsendable", cause.variable());
            assertEquals("java.lang.Thread", cause.type());
            assertTrue(e.getMessage().contains("variable=unsendable"), e.getMessage());
            assertThrows(TaskNotSerializableException.class, () -> pool.submit(() -> f.apply(1)));
            assertEquals(List.of(2), pool.map(x -> x + 1, List.of(1)), "the pool goes on");
        }
    }
}
