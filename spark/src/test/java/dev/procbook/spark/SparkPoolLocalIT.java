package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.Pool;
import dev.procbook.process.SerializableFunction;
import dev.procbook.process.TaskFailedException;
import dev.procbook.process.wire.CellSources;
import dev.procbook.process.wire.WaitInterruptedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SparkPool in {@code local[2]}: one driver for the class, as Spark allows one context per JVM. */
@Timeout(180)
class SparkPoolLocalIT {

    private static SparkDriver driver;
    private static SparkPool pool;

    @BeforeAll
    static void start() {
        driver = SparkDriver.start("local[2]");
        pool = driver.pool();
    }

    @AfterAll
    static void stop() {
        pool.close();
        driver.close();
    }

    @Test
    void mapReturnsResultsInOrderWhateverTheChunkSize() {
        List<Integer> items = IntStream.range(0, 1000).boxed().toList();
        List<Integer> squares = items.stream().map(x -> x * x).toList();
        assertEquals(squares, pool.map(x -> x * x, items));
        assertEquals(squares, pool.map(x -> x * x, items, 1));
        assertEquals(squares, pool.map(x -> x * x, items, 333));
        assertEquals(List.of(), pool.map(x -> x * x, List.<Integer>of()));
    }

    @Test
    void starmapImapSubmitAndApplyGiveWhatPoolGives() throws Exception {
        List<Map.Entry<Integer, String>> pairs = List.of(Map.entry(1, "a"), Map.entry(2, "b"), Map.entry(3, "c"));
        List<Integer> items = IntStream.range(0, 50).boxed().toList();
        SerializableFunction<Integer, String> f = x -> "<" + x + ">";
        List<Object> fromSpark = new ArrayList<>();
        fromSpark.add(pool.starmap((n, s) -> s.repeat(n), pairs));
        Iterator<String> it = pool.imap(f, items, 7);
        List<String> streamed = new ArrayList<>();
        it.forEachRemaining(streamed::add);
        fromSpark.add(streamed);
        fromSpark.add(pool.submit(() -> "called").get());
        fromSpark.add(pool.apply(f, 9).get());
        List<Object> fromPool = new ArrayList<>();
        try (Pool local = Pool.create(2)) {
            fromPool.add(local.starmap((n, s) -> s.repeat(n), pairs));
            fromPool.add(local.map(f, items, 7));
            fromPool.add(local.submit(() -> "called").get());
            fromPool.add(local.apply(f, 9).get());
        }
        assertEquals(fromPool, fromSpark);
    }

    @Test
    void cellRecordsLambdasAndTopLevelVariablesRunAsInPool(@TempDir Path dir) throws Exception {
        try (CellSources.Loader cells = SparkCells.compile(dir)) {
            Class<?> cell = cells.loadClass("cell.Cell");
            cell.getMethod("setUp", int.class).invoke(null, 7);
            @SuppressWarnings("unchecked")
            SerializableFunction<Integer, Object> scale =
                    (SerializableFunction<Integer, Object>) cell.getMethod("scale").invoke(null);
            List<Integer> items = IntStream.rangeClosed(1, 20).boxed().toList();
            List<Object> fromSpark = pool.map(scale, items);
            assertEquals("Scaled[item=3, value=21]", fromSpark.get(2).toString());
            assertEquals(cell.getClassLoader(), fromSpark.get(2).getClass().getClassLoader());
            try (Pool local = Pool.create(2)) {
                assertEquals(local.map(scale, items), fromSpark);
            }
        }
    }

    /**
     * Local executors are threads of the notebook's own process; still, as in a worker, a task has top-level variables
     * of its own, set from the values sent with the call: what it assigns or adds stays on the executor.
     */
    @Test
    void aTaskThatAssignsOrMutatesTopLevelVariablesLeavesTheNotebooksOwnAlone(@TempDir Path dir) throws Exception {
        try (CellSources.Loader cells = SparkCells.compile(dir)) {
            Class<?> cell = cells.loadClass("cell.Cell");
            cell.getMethod("setUp", int.class).invoke(null, 7);
            @SuppressWarnings("unchecked")
            SerializableFunction<Integer, Integer> assign =
                    (SerializableFunction<Integer, Integer>) cell.getMethod("assignAndRemember").invoke(null);
            List<Integer> items = IntStream.rangeClosed(1, 40).boxed().toList();
            List<Integer> results = pool.map(assign, items, 1);
            assertEquals(7, cell.getField("factor").get(null), "the notebook's variable was assigned by a task");
            assertEquals(List.of(), cell.getField("seen").get(null), "the notebook's list was added to by tasks");
            assertTrue(results.stream().allMatch(r -> r > 7), results.toString());
            assertEquals(List.of(8), pool.map(assign, List.of(1)), "a call starts from the notebook's values");
        }
    }

    @Test
    void functionThatThrowsFailsTheCallWithTheExecutorsStackTrace() {
        TaskFailedException e = assertThrows(TaskFailedException.class,
                () -> pool.map(x -> 10 / (x - 5), IntStream.range(0, 10).boxed().toList(), 2));
        assertTrue(e.getMessage().contains("item 5"), e.getMessage());
        Throwable remote = e.getCause();
        assertInstanceOf(ArithmeticException.class, remote);
        assertTrue(Arrays.stream(remote.getStackTrace()).anyMatch(s -> s.getClassName().contains("SparkPoolLocalIT")),
                Arrays.toString(remote.getStackTrace()));
        CompletableFuture<Object> f = pool.submit(() -> {
            throw new IllegalStateException("from a submitted task");
        });
        ExecutionException ee = assertThrows(ExecutionException.class, f::get);
        assertInstanceOf(IllegalStateException.class, ee.getCause().getCause());
    }

    @Test
    void interruptWhileWaitingCancelsTheJob() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                pool.map(x -> {
                    Thread.sleep(60_000);
                    return x;
                }, List.of(1, 2, 3, 4));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "spark-test-caller");
        caller.start();
        while (driver.context().statusTracker().getActiveJobIds().length == 0) {
            Thread.sleep(20);
        }
        caller.interrupt();
        caller.join();
        assertInstanceOf(WaitInterruptedException.class, thrown.get());
        // the tasks sleep for a minute: only the cancellation ends them before the test's timeout
        while (driver.context().statusTracker().getActiveJobIds().length > 0
                || driver.context().sc().statusTracker().getExecutorInfos()[0].numRunningTasks() > 0) {
            Thread.sleep(50);
        }
        assertEquals(List.of(2), pool.map(x -> x + 1, List.of(1)));
    }
}
