package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /proc} files that a reader keeps open between reads, with real processes: kept while a process lives,
 * re-read rather than reopened, closed when it exits and on close, and never mistaking an {@code execve} (which the
 * kept {@code smaps_rollup} answers with ESRCH) for an exit.
 */
class KeptFilesIT {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killStarted() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void readerReadsTheSameProcessThroughOneKeptFileAndClosesItWhenTheProcessExits() throws Exception {
        Process p = start("sleep", "30");
        Path dir = Path.of("/proc", Long.toString(p.pid()));
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            reader.read(p.pid());
            Map<Integer, String> kept = OpenFiles.under(dir);
            assertEquals(List.of(dir.resolve("smaps_rollup").toString()), List.copyOf(kept.values()));
            for (int i = 0; i < 5; i++) {
                assertTrue(reader.read(p.pid()).rss() > 0);
            }
            assertEquals(kept, OpenFiles.under(dir));
            p.destroyForcibly().waitFor();
            assertThrows(ProcessExitedException.class, () -> reader.read(p.pid()));
            assertTrue(reader.tryRead(p.pid()).isEmpty());
            assertEquals(Map.of(), OpenFiles.under(dir));
        }
    }

    @Test
    void readerReadsAProcessAgainAfterItExecs() throws Exception {
        Process p = start("sh", "-c", "read x; exec sleep 30");
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            reader.read(p.pid());
            p.getOutputStream().close();
            awaitCommand(p.pid(), "sleep\0" + "30\0");
            // the kept rollup was opened on the shell's address space and now answers ESRCH
            assertTrue(reader.read(p.pid()).rss() > 0);
            assertEquals(1, OpenFiles.under(Path.of("/proc", Long.toString(p.pid()))).size());
        }
    }






    private Process start(String... command) throws Exception {
        // stdin stays a pipe from this test, so "read x" waits until the test closes it
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    private static void awaitCommand(long pid, String cmdline) throws Exception {
        Path file = Path.of("/proc", Long.toString(pid), "cmdline");
        await(() -> {
            try {
                return Files.readString(file).equals(cmdline);
            } catch (java.io.IOException e) {
                return false;
            }
        }, "exec of " + pid);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
