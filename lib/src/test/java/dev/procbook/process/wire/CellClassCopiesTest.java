package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.SerializableFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code sent by value and run on a thread of the sending process, with copies of its cell classes. */
class CellClassCopiesTest {

    private static final String CELL = """
            package cell;

            import dev.procbook.process.SerializableFunction;

            public class Counter {
                public static int total = 5;
                public static java.util.List<Integer> seen = new java.util.ArrayList<>();

                public static SerializableFunction<Integer, Integer> add() {
                    return x -> {
                        total += x;
                        seen.add(x);
                        return total;
                    };
                }
            }
            """;

    @TempDir
    static Path dir;
    private static CellSources.Loader cells;
    private static Class<?> counter;

    @BeforeAll
    static void compile() throws Exception {
        cells = new CellSources.Loader(CellSources.compile(dir, Map.of("Counter.java", CELL)));
        counter = cells.loadClass("cell.Counter");
        UserClassLoaders.register(cells);
    }

    @AfterAll
    static void close() throws Exception {
        cells.close();
    }

    @SuppressWarnings("unchecked")
    private static byte[] encodedAdd() throws Exception {
        return Codec.encode((SerializableFunction<Integer, Integer>) counter.getMethod("add").invoke(null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void decodedCodeRunsOnCopiesWhoseVariablesAreSetFromTheValuesSent() throws Exception {
        byte[] add = encodedAdd();
        CellClassCopies copies = new CellClassCopies();
        Object[] ran = copies.run(() -> {
            SerializableFunction<Integer, Integer> f = (SerializableFunction<Integer, Integer>) Codec.decode(add);
            try {
                return new Object[] {f.apply(1), f.apply(2), f.getClass().getClassLoader()};
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(6, ran[0]);
        assertEquals(8, ran[1]);
        assertSame(copies, ran[2]);
        assertEquals(5, counter.getField("total").get(null), "the sender's variable was assigned");
        assertEquals(List.of(), counter.getField("seen").get(null), "the sender's list was added to");
        Class<?> copy = copies.loadClass("cell.Counter");
        assertNotSame(counter, copy);
        assertEquals(List.of(1, 2), copy.getField("seen").get(null));
    }

    @Test
    void classesNotFromCellsAreTheProcesssOwnAndTheCopiesAreCellClasses() throws Exception {
        CellClassCopies copies = new CellClassCopies();
        assertSame(SerializableFunction.class, copies.loadClass(SerializableFunction.class.getName()));
        assertSame(String.class, copies.loadClass("java.lang.String"));
        assertTrue(CellCode.isCellClass(copies.loadClass("cell.Counter")));
        assertEquals("In [1]", copies.cellOf("cell.Counter"));
        assertFalse(copies.isCellClass(String.class.getName()));
    }

    @Test
    void outsideRunAndAfterItNamesResolveToTheOriginalsAndCopiesAreNeverRegistered() throws Exception {
        CellClassCopies copies = new CellClassCopies();
        copies.run(() -> {
            UserClassLoaders.register(copies);
            try {
                assertNotSame(counter, UserClassLoaders.resolve("cell.Counter"));
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            return null;
        });
        assertSame(counter, UserClassLoaders.resolve("cell.Counter"));
        assertFalse(UserClassLoaders.registered().contains(copies));
    }
}
