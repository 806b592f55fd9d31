package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.memory.ProcessMemoryReader;
import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.testing.Await;
import dev.procbook.testing.Collected;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftovers.class)
@Timeout(60)
class WorkerIT {

    @Test
    void workerRunsTaskInAnotherProcess() {
        try (Worker w = Worker.start()) {
            long pid = w.call(() -> ProcessHandle.current().pid());
            assertEquals(w.pid(), pid);
            assertNotEquals(ProcessHandle.current().pid(), pid);
        }
    }

    /**
     * Native memory a worker freed goes back to the system within seconds, even when a block allocated after it keeps
     * the C heap from shrinking: the JIT frees what a compilation used so, and on JDK 25 one worker of most fresh
     * pools kept an optimizing compilation's 6 MiB for good. Here 24 MiB of small blocks are freed below a block that
     * stays.
     */
    @Test
    void aWorkerGivesBackNativeMemoryItFreed() throws Exception {
        try (Worker w = Worker.start(); ProcessMemoryReader memory = new ProcessMemoryReader()) {
            long resident = w.call(WorkerIT::allocateAndFreeBelowAPin);
            // read from here, not by tasks: a task each few milliseconds keeps the worker's JIT compiling, into the
            // memory just freed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long now = memory.read(w.pid()).rss();
            while (now > resident - (16 << 20) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                now = memory.read(w.pid()).rss();
            }
            assertTrue(now <= resident - (16 << 20), "the worker's RSS stayed at " + (now >> 20) + " MiB, "
                    + (resident >> 20) + " before it freed 24 MiB");
        }
    }

    /**
     * Mallocs 24 MiB in 32 KiB blocks and touches them, then one block that stays, then frees the 24 MiB; gives the
     * RSS in bytes before the free.
     */
    private static long allocateAndFreeBelowAPin() throws Exception {
        java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
        long[] blocks = new long[768];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = unsafe.allocateMemory(32 * 1024);
            unsafe.setMemory(blocks[i], 32 * 1024, (byte) 1);
        }
        unsafe.allocateMemory(32 * 1024); // the pin, never freed: above the others, where the heap would shrink
        long resident;
        try (ProcessMemoryReader memory = new ProcessMemoryReader()) {
            resident = memory.read(ProcessHandle.current().pid()).rss();
        }
        for (long b : blocks) {
            unsafe.freeMemory(b);
        }
        return resident;
    }

    @Test
    void remoteExceptionArrivesWithItsStackTrace() {
        try (Worker w = Worker.start()) {
            TaskFailedException e = assertThrows(TaskFailedException.class, () -> w.call(() -> {
                throw new IllegalArgumentException("bad input 42");
            }));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            assertEquals("bad input 42", e.getCause().getMessage());
            assertTrue(e.getCause().getStackTrace().length > 0);
            assertEquals(w.pid(), e.pid());
        }
    }

    @Test
    void workerFailsTaskNamingTheSignalWhenKilled(@TempDir Path dir) throws Exception {
        String marker = dir.resolve("started").toString();
        try (Worker w = Worker.start()) {
            CompletableFuture<Object> f = w.submit(() -> {
                Files.createFile(Path.of(marker));
                Thread.sleep(60_000);
                return "late";
            });
            Await.until("the task started", () -> Files.exists(Path.of(marker)));
            ProcessHandle.of(w.pid()).orElseThrow().destroyForcibly();
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
            WorkerDiedException died = assertInstanceOf(WorkerDiedException.class, e.getCause());
            assertEquals(w.pid(), died.pid());
            assertEquals(9, died.signal());
            assertTrue(died.getMessage().contains("pid=" + w.pid()), died.getMessage());
            assertTrue(died.task().contains("WorkerIT"), died.task());
        }
    }

    @Test
    void taskThatCannotBeSerializedFailsAtSubmitNamingTheClass() {
        Object notSerializable = new Object();
        try (Worker w = Worker.start()) {
            TaskNotSerializableException e = assertThrows(TaskNotSerializableException.class,
                    () -> w.submit(() -> notSerializable.hashCode()));
            assertEquals("java.lang.Object", e.className());
        }
    }

    @Test
    void workerStopsOnClose() throws Exception {
        Worker w = Worker.start();
        ProcessHandle h = ProcessHandle.of(w.pid()).orElseThrow();
        w.close();
        w.close();
        h.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(h.isAlive());
        assertThrows(HandleClosedException.class, () -> w.submit(() -> 1));
    }

    /**
     * A worker that nobody holds any more (a cell that starts one run again) is killed once collected; until the
     * answer to a task sent to it has come, the task holds it.
     */
    @Test
    void aWorkerNobodyHoldsIsKilledOnceCollectedAfterItsLastAnswer() throws Exception {
        long[] pid = new long[1];
        CompletableFuture<Integer> answer = taskOfADroppedWorker(pid);
        Collected.settle();
        assertEquals(7, answer.get(30, TimeUnit.SECONDS));
        Collected.untilExited("the JVM of a worker nobody holds to exit", pid[0]);
    }

    private static CompletableFuture<Integer> taskOfADroppedWorker(long[] pid) {
        Worker w = Worker.start();
        pid[0] = w.pid();
        return w.submit(() -> {
            Thread.sleep(1_500);
            return 7;
        });
    }
}
