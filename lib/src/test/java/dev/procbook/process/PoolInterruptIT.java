package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.WaitInterruptedException;
import dev.procbook.process.wire.Wiring;
import dev.procbook.testing.Await;
import dev.procbook.testing.StopAnywhere;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an interrupted pool call leaves behind: no half-started worker, no task still running for nobody. */
@ExtendWith(NoLeftovers.class)
@Timeout(180)
class PoolInterruptIT {

    /** Longer than any bounded wait below: a task still sleeping this long was not cancelled. */
    private static final long TASK_SLEEP_MILLIS = 60_000;

    @Test
    void interruptedCreateLeavesNoWorkerAndTheNextPoolStarts() throws Exception {
        Interrupted<Pool> create = new Interrupted<>(() -> Pool.create(3));
        Await.until("a worker process to be launched", () -> !NoLeftovers.children().isEmpty());
        Throwable thrown = create.interrupt();
        assertInstanceOf(WaitInterruptedException.class, thrown, () -> String.valueOf(thrown));
        Await.until("the half-started workers to be gone", () -> NoLeftovers.children().isEmpty());
        try (Pool pool = Pool.create(2)) {
            assertEquals(List.of(2, 3), pool.map(i -> i + 1, List.of(1, 2)));
        }
    }

    /**
     * A start interrupted at any moment has stopped every process it made by the time it returns, and makes none
     * after: its caller (a notebook cell, a test) checks at once. Seeded: PROCBOOK_START_SEED repeats a run.
     */
    @Test
    void aStartInterruptedAtAnyMomentLeavesNoProcessOnceItReturns() throws Exception {
        long seed = Long.parseLong(System.getenv().getOrDefault("PROCBOOK_START_SEED",
                Long.toString(System.nanoTime() % 1_000_000)));
        System.out.println("start interrupt seed: " + seed + " (PROCBOOK_START_SEED=" + seed + " repeats this run)");
        java.util.Random random = new java.util.Random(seed);
        for (int trial = 0; trial < 20; trial++) {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            Thread caller = new Thread(() -> {
                try {
                    outcome.complete(Worker.startAll(2, WorkerOptions.defaults()));
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            }, "test-interrupted-start");
            caller.start();
            Thread.sleep(random.nextInt(150));
            caller.interrupt();
            Object returned = outcome.get(30, TimeUnit.SECONDS);
            if (returned instanceof List<?> workers) { // started before the interrupt: the caller's to close
                workers.forEach(w -> ((Worker) w).close());
                Await.until("the workers closed to exit", () -> NoLeftovers.children().isEmpty());
                continue;
            }
            assertInstanceOf(WaitInterruptedException.class, returned, () -> String.valueOf(returned));
            assertEquals(List.of(), NoLeftovers.children(), "trial " + trial + ": processes when the start returned");
            Thread.sleep(300);
            assertEquals(List.of(), NoLeftovers.children(), "trial " + trial + ": processes made after it returned");
        }
    }

    /**
     * JDK 17's JShell stops a cell with {@code Thread.stop}, whose {@code ThreadDeath} may land anywhere; the kernel
     * holds it back while a class initializes, so on a first {@code Pool.create} it lands right after one, in the
     * middle of the pool's own set-up. Wherever it lands, in the hand-over of the started workers to the pool's
     * slots or in the start of a close, no worker may be left running.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev.procbook.process.PoolSlot.<init>", "dev.procbook.process.Pool.close"})
    void aStopThatLandsWhileThePoolSetsUpOrClosesLeavesNoWorker(String method) throws Exception {
        StopAnywhere.assumeThreadsCanBeStopped();
        StopAnywhere.repeat(() -> {
            try (Pool pool = Pool.create(2)) {
                pool.size();
            }
        }, method, 3, 60, when -> Await.until("no worker to be left " + when, () -> NoLeftovers.children().isEmpty()));
    }

    /**
     * A stop that lands in a close's own first bytecodes, before it has stopped anything, still leaves no worker:
     * the close kills what it did not get to stop.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev.procbook.process.Pool.close", "dev.procbook.process.Worker.close"})
    @Timeout(300)
    void aStopThatLandsBeforeACloseBeganLeavesNoWorker(String method) throws Exception {
        StopAnywhere.assumeThreadsCanBeStopped();
        StopAnywhere.repeat(method.startsWith("dev.procbook.process.Pool") ? () -> {
            try (Pool pool = Pool.create(1)) {
                pool.size();
            }
        } : () -> {
            try (Worker worker = Worker.start()) {
                worker.pid();
            }
        }, method, StopAnywhere.Where.BEFORE_FIRST_CALL, 3, 60,
                when -> Await.until("no worker to be left " + when, () -> NoLeftovers.children().isEmpty()));
    }

    /**
     * The first pool of a process loads the wiring's services; a stop that lands while they load must leave them
     * loadable, not missing for the rest of the session ("no such hub service" on every later pool).
     */
    @Test
    void aStopThatLandsWhileTheServicesLoadLeavesThemLoadableByTheNextPool() throws Exception {
        StopAnywhere.assumeThreadsCanBeStopped();
        StopAnywhere.repeat(() -> {
            Wiring.get().close(); // the next use makes a new wiring, which loads its services again
            try (Pool pool = Pool.create(1)) {
                pool.size();
            }
        }, "dev.procbook.process.ProcessServices.<init>", 3, 30, when -> {
            try (Pool pool = Pool.create(1)) {
                assertEquals(2, pool.apply((Integer i) -> i + 1, 1).get(30, TimeUnit.SECONDS), when);
            }
            Await.until("no worker to be left " + when, () -> NoLeftovers.children().isEmpty());
        });
    }

    /**
     * A start that never reached its thread (that thread could not be made, or JDK 17's stop landed while the start
     * was handed to it) has launched nothing: its caller fails at once instead of waiting the start timeout for it.
     */
    @Test
    void aStartThatNeverReachedItsThreadFailsAtOnce() throws Exception {
        WorkerOptions options = WorkerOptions.defaults();
        OutOfMemoryError noThread = new OutOfMemoryError("unable to create native thread: possibly out of memory");
        long began = System.nanoTime();
        Object outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return ColdStart.start(2, options, task -> {
                    throw noThread;
                });
            } catch (Throwable t) {
                return t;
            }
        }).get(options.startTimeout().toSeconds() * 2, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertEquals(noThread, outcome);
        assertTrue(tookMillis < options.startTimeout().toMillis() / 3,
                "waited " + tookMillis + " ms for a start that never ran; its timeout is " + options.startTimeout());
        assertEquals(List.of(), NoLeftovers.children());
    }

    @Test
    void createRefusesMoreWorkersThanTheMachineCanStart() {
        TooManyWorkersException e = assertThrows(TooManyWorkersException.class, () -> Pool.create(100_000));
        assertTrue(e.limit() < 100_000, e.getMessage());
        assertTrue(e.getMessage().contains("-Dprocbook.maxWorkers"), e.getMessage());
        assertEquals(List.of(), NoLeftovers.children());
    }

    @Test
    void interruptedMapCancelsItsTasksSoTheNextMapRuns(@TempDir Path dir) throws Exception {
        try (Pool pool = Pool.create(2)) {
            String started = dir.toString();
            Interrupted<List<Integer>> map = new Interrupted<>(() -> pool.map(i -> sleepMarked(started, i),
                    List.of(1, 2, 3, 4, 5, 6), 1));
            Await.until("both workers to run a task", () -> markers(dir) == 2);
            assertInstanceOf(WaitInterruptedException.class, map.interrupt());
            CompletableFuture<List<Integer>> next = CompletableFuture.supplyAsync(
                    () -> pool.map(i -> i + 1, List.of(1, 2, 3)));
            assertEquals(List.of(2, 3, 4), next.get(30, TimeUnit.SECONDS));
            assertEquals(2, markers(dir), "a queued task of the interrupted map ran");
            assertEquals(2, pool.size());
        }
    }

    @Test
    void interruptedUnorderedImapCancelsItsTasksSoTheNextMapRuns(@TempDir Path dir) throws Exception {
        try (Pool pool = Pool.create(2)) {
            String started = dir.toString();
            Interrupted<Integer> imap = new Interrupted<>(() -> pool.imapUnordered(i -> sleepMarked(started, i),
                    List.of(1, 2, 3, 4, 5, 6)).next());
            Await.until("both workers to run a task", () -> markers(dir) == 2);
            assertInstanceOf(WaitInterruptedException.class, imap.interrupt());
            CompletableFuture<List<Integer>> next = CompletableFuture.supplyAsync(
                    () -> pool.map(i -> i * 10, List.of(1, 2)));
            assertEquals(List.of(10, 20), next.get(30, TimeUnit.SECONDS));
            assertEquals(2, markers(dir), "a queued task of the interrupted imap ran");
        }
    }

    private static int sleepMarked(String dir, int i) throws Exception {
        Files.createFile(Path.of(dir, "started-" + i));
        Thread.sleep(TASK_SLEEP_MILLIS);
        return i;
    }

    private static long markers(Path dir) {
        try (var files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A call made in a thread of its own, so the test can interrupt it as a notebook's interrupt button does. */
    private static final class Interrupted<T> {
        private final CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        private final Thread thread;

        Interrupted(Supplier<T> call) {
            thread = new Thread(() -> {
                try {
                    T value = call.get();
                    outcome.complete(new AssertionError("call returned before the interrupt: " + value));
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            }, "test-interrupted-call");
            thread.start();
        }

        /** Interrupts the call and returns what it threw, waiting for it a bounded time. */
        Throwable interrupt() throws Exception {
            thread.interrupt();
            return outcome.get(30, TimeUnit.SECONDS);
        }
    }
}
