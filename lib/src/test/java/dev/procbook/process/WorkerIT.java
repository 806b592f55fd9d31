package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.testing.Await;
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
}
