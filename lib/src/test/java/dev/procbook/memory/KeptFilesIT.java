package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * The {@code /proc} files that readers, trees and the sampler keep open between reads, with real processes: kept
 * while a process lives, re-read rather than reopened, closed when it leaves and on close, never leaked, and never
 * mistaking an {@code execve} (which the kept {@code smaps_rollup} answers with ESRCH) for an exit.
 */
class KeptFilesIT {

    private static final ProcPaths PROC = ProcPaths.system();

    private final List<Process> started = new ArrayList<>();
    /** Children that outlive their parent, so they are no longer its descendants when the test ends. */
    private final List<ProcessHandle> orphans = new ArrayList<>();

    @AfterEach
    void killStarted() throws Exception {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        orphans.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void readerReadsTheSameProcessThroughOneKeptFileAndClosesItWhenTheProcessExits() throws Exception {
        Process p = start("sleep", "30");
        Path dir = PROC.process(p.pid());
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
            awaitCommand(p.pid(), "sleep 30");
            // the kept rollup was opened on the shell's address space and now answers ESRCH
            assertTrue(reader.read(p.pid()).rss() > 0);
            assertEquals(1, OpenFiles.under(PROC.process(p.pid())).size());
        }
    }

    @Test
    void treeKeepsFilesOfLivingProcessesClosesThoseOfExitedOnesAndLeaksNone() throws Exception {
        Process root = start("sh", "-c", "sleep 30 & sleep 0.5 & wait");
        Map<Integer, String> before = OpenFiles.paths();
        ProcessTree tree = ProcessTree.of(root.pid());
        Await.until("shell and two children", () -> tree.processes().size() == 3);
        TreeMemory first = tree.measure();
        assertEquals(3, first.processes().size());
        List<Path> dirs = first.processes().stream().map(p -> PROC.process(p.process().pid()))
                .toList();
        Path shortDir = dirs.get(2);
        assertEquals(4, OpenFiles.under(shortDir).size(), "stat, cmdline, children, smaps_rollup");
        Map<Integer, String> kept = OpenFiles.under(dirs);
        assertEquals(12, kept.size(), kept.toString());
        tree.measure();
        assertEquals(kept, OpenFiles.under(dirs), "the same files");

        Await.until("the short sleep exits and is reaped", () -> !Files.exists(shortDir));
        TreeMemory later = tree.measure();
        assertEquals(2, later.processes().size());
        assertEquals(Map.of(), OpenFiles.under(shortDir));
        assertEquals(8, OpenFiles.under(dirs).size());

        tree.close();
        assertEquals(Map.of(), OpenFiles.under(dirs));
        assertNoneOpenedSince(before);
    }

    @Test
    void treeFollowsARootThatExecsAndLeavesItsZombieChildOut() throws Exception {
        // the shell starts a short sleep and, told to, becomes a long one, which never reaps the short one: a zombie
        Process root = start("sh", "-c", "sleep 1 & read x; exec sleep 30");
        try (ProcessTree tree = ProcessTree.of(root.pid())) {
            Await.until("shell and child", () -> tree.processes().size() == 2);
            assertEquals("sh -c sleep 1 & read x; exec sleep 30",
                    tree.measure().processes().get(0).process().command());
            root.getOutputStream().close();
            awaitCommand(root.pid(), "sleep 30");
            Await.until("zombie child", () -> tree.processes().stream().anyMatch(e -> e.state() == 'Z'));
            TreeMemory m = tree.measure();
            assertEquals(1, m.processes().size(), m.toString());
            assertEquals("sleep 30", m.processes().get(0).process().command());
            assertEquals(2, tree.processes().size());
        }
    }

    @Test
    void treeOfThisJvmKeepsTheChildrenFilesOfItsThreadsAndClosesThem() throws Exception {
        Path self = PROC.process(ProcessHandle.current().pid());
        Map<Integer, String> before = OpenFiles.paths();
        ProcessTree tree = ProcessTree.current();
        try {
            tree.measure();
            Map<Integer, String> threads = OpenFiles.under(PROC.tasks(ProcessHandle.current().pid()));
            assertTrue(threads.size() > 1, "a JVM has many threads: " + threads);
            assertTrue(threads.values().stream().allMatch(f -> f.endsWith("/children")), threads.toString());
            tree.measure();
        } finally {
            tree.close();
        }
        assertEquals(Map.of(), OpenFiles.under(self));
        assertNoneOpenedSince(before);
    }

    @Test
    void samplerKeepsFilesWhileRunningAndClosesThemWhenStopped() throws Exception {
        Process root = start("sh", "-c", "sleep 30 & sleep 30 & wait");
        ProcessTree tree = ProcessTree.of(root.pid());
        Await.until("shell and two children", () -> tree.processes().size() == 3);
        List<Path> dirs = tree.processes().stream().map(p -> PROC.process(p.pid())).toList();
        tree.close(); // the sampler reads through files of its own
        Map<Integer, String> before = OpenFiles.paths();
        MemorySampler sampler = MemorySampler.start(tree, new SystemMemoryReader(), Duration.ofMillis(20));
        try {
            Await.until("three samples", () -> sampler.system().rowCount() >= 3);
            assertEquals(12, OpenFiles.under(dirs).size());
        } finally {
            sampler.close();
        }
        assertEquals(Map.of(), OpenFiles.under(dirs));
        assertNoneOpenedSince(before);
        assertTrue(sampler.failure().isEmpty(), () -> "failure: " + sampler.failure());
    }

    @Test
    void samplerClosesItsFilesWhenTheRootExits() throws Exception {
        Process root = start("sh", "-c", "sleep 30 & read x");
        MemorySampler sampler = MemorySampler.start(root.pid(), Duration.ofMillis(20));
        try {
            Await.until("child started", () -> root.descendants().count() == 1);
            ProcessHandle child = root.descendants().findFirst().orElseThrow();
            orphans.add(child);
            Await.until("two samples of both", () -> sampler.processes().rowCount() >= 4);
            assertFalse(OpenFiles.under(PROC.process(child.pid())).isEmpty());
            assertFalse(OpenFiles.under(PROC.process(root.pid())).isEmpty());
            root.getOutputStream().close();
            root.waitFor();
            Await.until("root exit seen", sampler::rootExited);
            assertEquals(Map.of(), OpenFiles.under(PROC.process(root.pid())));
            assertEquals(Map.of(), OpenFiles.under(PROC.process(child.pid())));
        } finally {
            sampler.close();
        }
    }

    @Test
    void samplerDoesNotTakeAnExecForTheRootsExit() throws Exception {
        Process root = start("sh", "-c", "read x; exec sleep 30");
        try (MemorySampler sampler = MemorySampler.start(root.pid(), Duration.ofMillis(20))) {
            Await.until("samples of the shell", () -> sampler.system().rowCount() >= 2);
            root.getOutputStream().close();
            awaitCommand(root.pid(), "sleep 30");
            int rows = sampler.system().rowCount();
            Await.until("samples after the exec", () -> sampler.system().rowCount() >= rows + 3);
            assertFalse(sampler.rootExited());
            assertTrue(sampler.isRunning());
            Table p = sampler.processes();
            assertEquals("sh -c read x; exec sleep 30", p.stringColumn("command").get(0));
            assertEquals("sleep 30", p.stringColumn("command").get(p.rowCount() - 1));
        }
    }

    /** Fails if a file is open that was not open at {@code before}; another test's reader may have closed some. */
    private static void assertNoneOpenedSince(Map<Integer, String> before) throws Exception {
        Map<Integer, String> opened = OpenFiles.paths();
        opened.entrySet().removeAll(before.entrySet());
        assertEquals(Map.of(), opened, "descriptors leaked");
    }

    private Process start(String... command) throws Exception {
        // stdin stays a pipe from this test, so "read x" waits until the test closes it
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    /** Waits until {@code pid} runs {@code command}, as the tree shows it: after an exec, the new program. */
    private static void awaitCommand(long pid, String command) throws InterruptedException {
        Await.until("exec of " + pid + " into " + command, () -> ProcessTree.tryEntry(PROC, pid)
                .map(e -> e.command().equals(command)).orElse(false));
    }
}
