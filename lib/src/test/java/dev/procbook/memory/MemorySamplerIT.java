package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.testing.Await;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class MemorySamplerIT {

    @Test
    void childrenThatStartAndExitDuringSamplingAppearAndDisappear() throws Exception {
        Process child = null;
        MemorySampler sampler = MemorySampler.start(Duration.ofMillis(50));
        try {
            Await.until("samples before the child starts", () -> sampler.system().rowCount() >= 3);
            // the child holds its bytearray until the test closes its stdin
            child = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import sys; b = bytearray(32 << 20); sys.stdin.readline()").start();
            long pid = child.pid();
            Await.until("three samples of the child, one with its bytearray", () -> {
                Table rows = rowsOf(sampler.processes(), pid);
                return rows.rowCount() >= 3 && rows.longColumn("rss").max() > 32 << 20;
            });
            child.getOutputStream().close();
            assertEquals(0, child.waitFor());
            int rows = sampler.system().rowCount();
            Await.until("three samples after the child exited", () -> sampler.system().rowCount() >= rows + 3);
            assertTrue(sampler.isRunning(), () -> "stopped: rootExited=" + sampler.rootExited() + ", failure="
                    + sampler.failure());
        } finally {
            sampler.close();
            if (child != null) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertFalse(sampler.isRunning());
        assertTrue(sampler.failure().isEmpty(), () -> "failure: " + sampler.failure());
        Table p = sampler.processes();
        Table childRows = rowsOf(p, child.pid());
        // The first sample may catch the child between fork and exec, under jspawnhelper's command line; once it
        // has exec'd, every sample shows python's.
        List<String> commands = childRows.stringColumn("command").asList();
        int firstPython = commands.indexOf(commands.get(commands.size() - 1));
        assertTrue(commands.get(firstPython).startsWith("/usr/bin/python3 -c") && commands.subList(firstPython,
                commands.size()).stream().allMatch(c -> c.equals(commands.get(firstPython))), () -> "commands: "
                + commands);
        double firstTime = p.doubleColumn("time").min();
        double lastTime = p.doubleColumn("time").max();
        assertTrue(childRows.doubleColumn("time").min() > firstTime, "absent before it started");
        assertTrue(childRows.doubleColumn("time").max() < lastTime, "absent after it exited");
        assertEquals(sampler.system().rowCount(), rowsOf(p, ProcessHandle.current().pid()).rowCount(),
                "JVM in every sample");
        int rowsAtClose = p.rowCount();
        sampler.close(); // idempotent, and waits for a sample still running, as the first close did
        assertEquals(rowsAtClose, sampler.processes().rowCount(), "nothing sampled after close");
    }

    private static Table rowsOf(Table processes, long pid) {
        return processes.where(processes.longColumn("pid").isEqualTo(pid));
    }

    @Test
    void samplingStopsWhenTheRootExitsAndKeepsItsRows() throws Exception {
        Process root = new ProcessBuilder("/usr/bin/python3", "-c", "import sys; sys.stdin.readline()").start();
        try (MemorySampler sampler = MemorySampler.start(root.pid(), Duration.ofMillis(50))) {
            Await.until("two samples of the root", () -> sampler.processes().rowCount() >= 2);
            root.getOutputStream().close();
            root.waitFor();
            Await.until("sampling stopped", () -> !sampler.isRunning());
            assertTrue(sampler.rootExited());
            assertTrue(sampler.failure().isEmpty(), () -> "failure: " + sampler.failure());
            assertTrue(sampler.processes().rowCount() >= 2);
        } finally {
            root.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void unreadableMeminfoFailsTheStartAsAnIoErrorNotTheRootsExit(@TempDir Path dir) {
        SystemMemoryReader noMeminfo = new SystemMemoryReader(FakeProc.at(dir).paths());
        assertThrows(UncheckedIOException.class,
                () -> MemorySampler.start(ProcessTree.current(), noMeminfo, Duration.ofMillis(20)));
    }

    @Test
    void tablesHaveTheNamesAndColumnsOfTheEmptyTables() throws Exception {
        try (MemorySampler sampler = MemorySampler.start(Duration.ofMillis(20))) {
            Await.until("two samples", () -> sampler.system().rowCount() >= 2);
            assertEquals(shape(Sampling.emptyProcessTable()), shape(sampler.processes()));
            assertEquals(shape(Sampling.emptySystemTable()), shape(sampler.system()));
            Table system = sampler.system();
            assertTrue(system.rowCount() >= 2);
            assertEquals(system.longColumn("total").get(0) - system.longColumn("available").get(0),
                    system.longColumn("used").get(0));
        }
    }

    private static String shape(Table t) {
        return t.name() + t.columns().stream().map(c -> c.name() + ":" + c.type().name()).toList();
    }

    @Test
    void samplerThreadIsANamedDaemon() {
        try (MemorySampler sampler = MemorySampler.start(Duration.ofMillis(100))) {
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("procbook-memory-sampler-") && t.isDaemon()));
            assertTrue(sampler.isRunning());
        }
    }
}
