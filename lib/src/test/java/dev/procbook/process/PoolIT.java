package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.progress.Progress;
import dev.procbook.progress.ProgressReporter;
import dev.procbook.progress.ProgressReporterFactory;
import dev.procbook.testing.Await;
import dev.procbook.testing.Collected;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftovers.class)
@Timeout(120)
class PoolIT {

    private static final List<Integer> ONE_TO_TWENTY = IntStream.rangeClosed(1, 20).boxed().collect(Collectors.toList());

    @Test
    void mapReturnsResultsInOrderAndReportsProgress() {
        AtomicLong advanced = new AtomicLong();
        ProgressReporterFactory old = Progress.install((label, total) -> new ProgressReporter() {
            @Override
            public void advance(long done) {
                advanced.addAndGet(done);
            }

            @Override
            public void close() {
            }
        });
        try (Pool pool = Pool.create(2)) {
            List<Integer> squares = pool.map(x -> x * x, ONE_TO_TWENTY, 3);
            assertEquals(ONE_TO_TWENTY.stream().map(x -> x * x).collect(Collectors.toList()), squares);
            assertEquals(20, advanced.get());
        } finally {
            Progress.install(old);
        }
    }

    @Test
    void imapStreamsInOrderAndUnorderedReturnsEveryResult() {
        try (Pool pool = Pool.create(2)) {
            Iterator<Integer> ordered = pool.imap(x -> {
                Thread.sleep(x % 3 * 20L);
                return x + 1;
            }, ONE_TO_TWENTY);
            List<Integer> got = new ArrayList<>();
            ordered.forEachRemaining(got::add);
            assertEquals(ONE_TO_TWENTY.stream().map(x -> x + 1).collect(Collectors.toList()), got);
            Set<Integer> unordered = new HashSet<>();
            pool.imapUnordered(x -> x * 10, ONE_TO_TWENTY, 2).forEachRemaining(unordered::add);
            assertEquals(ONE_TO_TWENTY.stream().map(x -> x * 10).collect(Collectors.toSet()), unordered);
        }
    }

    @Test
    void starmapUnpacksPairs() {
        try (Pool pool = Pool.create(2)) {
            List<AbstractMap.SimpleEntry<Integer, String>> pairs = List.of(
                    new AbstractMap.SimpleEntry<>(2, "a"), new AbstractMap.SimpleEntry<>(3, "b"));
            assertEquals(List.of("aa", "bbb"), pool.starmap((Integer n, String s) -> s.repeat(n), pairs));
        }
    }

    @Test
    void initializerRunsInEveryWorkerAndTasksPerChildRecyclesWorkers() throws Exception {
        try (Pool pool = Pool.builder().processes(1).maxTasksPerChild(2)
                .initializer(() -> System.setProperty("procbook.init", "done")).build()) {
            List<String> seen = pool.map(x -> System.getProperty("procbook.init") + ":"
                    + ProcessHandle.current().pid(), List.of(1, 2, 3, 4), 1);
            assertTrue(seen.stream().allMatch(s -> s.startsWith("done:")), seen.toString());
            assertEquals(seen.get(0), seen.get(1));
            assertNotEquals(seen.get(1), seen.get(2));
        }
    }

    @Test
    void poolFailsTaskWhenWorkerIsKilledAndOtherTasksFinish(@TempDir Path dir) throws Exception {
        String marker = dir.resolve("started").toString();
        try (Pool pool = Pool.create(2)) {
            CompletableFuture<Long> doomed = pool.submit(() -> {
                Path tmp = Files.writeString(Path.of(marker + ".tmp"), "" + ProcessHandle.current().pid());
                Files.move(tmp, Path.of(marker));
                Thread.sleep(60_000);
                return 0L;
            });
            Await.until("the doomed task started", () -> Files.exists(Path.of(marker)));
            long busy = Long.parseLong(Files.readString(Path.of(marker)));
            List<CompletableFuture<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                others.add(pool.submit(() -> n * 2));
            }
            ProcessHandle.of(busy).orElseThrow().destroyForcibly();
            ExecutionException e = assertThrows(ExecutionException.class, () -> doomed.get(30, TimeUnit.SECONDS));
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(busy, died.pid());
            assertEquals(9, died.signal());
            for (int i = 0; i < 10; i++) {
                assertEquals(i * 2, others.get(i).get(30, TimeUnit.SECONDS));
            }
            assertEquals(42, pool.submit(() -> 42).get(30, TimeUnit.SECONDS));
            Await.until("a new worker in place of the killed one",
                    () -> pool.pids().size() == 2 && !pool.pids().contains(busy));
            assertEquals(2, pool.pids().size());
            assertFalse(pool.pids().contains(busy));
        }
    }

    @Test
    void outOfMemoryInTaskKillsOnlyThatWorker() throws Exception {
        WorkerOptions small = WorkerOptions.defaults().plusJvmOptions("-Xmx48m");
        try (Pool pool = Pool.builder().processes(1).workerOptions(small).build()) {
            CompletableFuture<Integer> f = pool.submit(() -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(3, died.exitCode());
            assertTrue(died.getMessage().contains("OutOfMemoryError"), died.getMessage());
            assertEquals(1, pool.submit(() -> 1).get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void systemExitInTaskFailsItWithTheExitCode() throws Exception {
        try (Pool pool = Pool.create(1)) {
            CompletableFuture<Integer> f = pool.submit(() -> {
                System.exit(7);
                return 0;
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(7, died.exitCode());
            assertEquals(0, died.signal());
            assertEquals(2, pool.submit(() -> 2).get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void stackOverflowInTaskFailsItAndWorkerGoesOn() throws Exception {
        try (Pool pool = Pool.create(1)) {
            long pid = pool.pids().get(0);
            CompletableFuture<Integer> f = pool.submit(() -> recurse(0));
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            TaskFailedException failed = assertInstanceOf(TaskFailedException.class, e.getCause());
            assertInstanceOf(StackOverflowError.class, failed.getCause());
            assertEquals(pid, failed.pid());
            assertEquals(3, pool.submit(() -> 3).get(30, TimeUnit.SECONDS));
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void nonSerializableTaskFailsAtSubmitNamingTheClass() {
        Thread notSerializable = Thread.currentThread();
        try (Pool pool = Pool.create(1)) {
            TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class,
                    () -> pool.submit(() -> notSerializable.getName()));
            assertEquals("java.lang.Thread", e.className());
            assertThrows(TaskNotSerializableException.class, () -> pool.map(x -> notSerializable, List.of(1)));
        }
    }

    @Test
    void closedPoolRefusesTasksAndTerminateCancelsQueuedOnes() {
        Pool pool = Pool.create(1);
        CompletableFuture<Integer> slow = pool.submit(() -> {
            Thread.sleep(60_000);
            return 1;
        });
        CompletableFuture<Integer> queued = pool.submit(() -> 2);
        pool.terminate();
        pool.terminate();
        assertTrue(slow.isCompletedExceptionally());
        assertTrue(queued.isCompletedExceptionally());
        assertThrows(HandleClosedException.class, () -> pool.submit(() -> 3));
        pool.close();
    }

    /**
     * As Python's {@code multiprocessing.Pool} is terminated when it is garbage collected: a pool that nobody holds
     * any more (a notebook cell run again, one interrupted between its create and its assignment) would otherwise
     * keep its worker JVMs until the kernel ends.
     */
    @Test
    void aPoolNobodyHoldsIsTerminatedOnceCollected() throws Exception {
        List<Long> pids = poolUsedThenDropped();
        Collected.untilExited("the workers of a pool nobody holds to exit",
                pids.stream().mapToLong(Long::longValue).toArray());
    }

    private static List<Long> poolUsedThenDropped() {
        Pool pool = Pool.create(2);
        assertEquals(List.of(2, 3), pool.map(x -> x + 1, List.of(1, 2)));
        return pool.pids();
    }

    @Test
    void aPoolNobodyHoldsFinishesTheTasksItWasGivenFirst() throws Exception {
        long[] pid = new long[1];
        CompletableFuture<Integer> result = taskOfADroppedPool(pid);
        Collected.settle();
        assertEquals(7, result.get(30, TimeUnit.SECONDS));
        Collected.untilExited("the worker of a pool nobody holds to exit once its task ended", pid[0]);
    }

    private static CompletableFuture<Integer> taskOfADroppedPool(long[] pid) {
        Pool pool = Pool.create(1);
        pid[0] = pool.pids().get(0);
        return pool.submit(() -> {
            Thread.sleep(1_500);
            return 7;
        });
    }
}
