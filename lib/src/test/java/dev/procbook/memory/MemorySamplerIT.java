package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            Thread.sleep(300);
            child = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import time; b = bytearray(32 << 20); time.sleep(0.8)").start();
            assertEquals(0, child.waitFor());
            Thread.sleep(400);
            MemorySampler s = sampler;
            assertTrue(s.isRunning(), () -> "stopped: rootExited=" + s.rootExited() + ", failure=" + s.failure());
        } finally {
            sampler.close();
            if (child != null) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        sampler.close();
        assertFalse(sampler.isRunning());
        assertTrue(sampler.failure().isEmpty(), () -> "failure: " + sampler.failure());
        Table p = sampler.processes();
        long pid = child.pid();
        Table childRows = p.where(p.longColumn("pid").isEqualTo(pid));
        assertTrue(childRows.rowCount() >= 3, "child sampled while alive: " + childRows.rowCount());
        // The first sample may catch the child between fork and exec, under jspawnhelper's command line; once it
        // has exec'd, every sample shows python's.
        List<String> commands = childRows.stringColumn("command").asList();
        int firstPython = commands.indexOf(commands.get(commands.size() - 1));
        assertTrue(commands.get(firstPython).startsWith("/usr/bin/python3 -c") && commands.subList(firstPython,
                commands.size()).stream().allMatch(c -> c.equals(commands.get(firstPython))), () -> "commands: "
                + commands);
        assertTrue(childRows.longColumn("rss").max() > 32 << 20, "child's bytearray seen");
        double firstTime = p.doubleColumn("time").min();
        double lastTime = p.doubleColumn("time").max();
        assertTrue(childRows.doubleColumn("time").min() > firstTime, "absent before it started");
        assertTrue(childRows.doubleColumn("time").max() < lastTime, "absent after it exited");
        assertEquals(sampler.system().rowCount(), p.where(p.longColumn("pid")
                .isEqualTo(ProcessHandle.current().pid())).rowCount(), "JVM in every sample");
        int rowsAfterClose = sampler.processes().rowCount();
        Thread.sleep(150);
        assertEquals(rowsAfterClose, sampler.processes().rowCount(), "nothing sampled after close");
    }

    @Test
    void samplingStopsWhenTheRootExitsAndKeepsItsRows() throws Exception {
        Process root = new ProcessBuilder("/usr/bin/python3", "-c", "import time; time.sleep(0.5)").start();
        try (MemorySampler sampler = MemorySampler.start(root.pid(), Duration.ofMillis(50))) {
            root.waitFor();
            Thread.sleep(300);
            assertTrue(sampler.rootExited());
            assertFalse(sampler.isRunning());
            assertTrue(sampler.processes().rowCount() >= 2);
            assertTrue(sampler.failure().isEmpty());
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
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sampler.system().rowCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
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
