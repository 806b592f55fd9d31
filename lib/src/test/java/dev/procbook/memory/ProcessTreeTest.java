package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeTest {

    @Test
    void statCommandNameMayContainSpacesAndParentheses() {
        ProcessEntry e = ProcessTree.parseStat("123 (my (odd) name) S 45 123 123 0 -1 4194304 1 0\n", "");
        assertEquals(123, e.pid());
        assertEquals(45, e.ppid());
        assertEquals('S', e.state());
        assertEquals("[my (odd) name]", e.command());
    }

    @Test
    void commandLineArgumentsAreJoinedBySpaces() {
        ProcessEntry e = ProcessTree.parseStat("7 (python3) R 1 7 7", "/usr/bin/python3\0-c\0print(1)\0");
        assertEquals("/usr/bin/python3 -c print(1)", e.command());
    }

    @Test
    void truncatedStatIsAParseError() {
        assertThrows(ProcParseException.class, () -> ProcessTree.parseStat("7 (python3", ""));
    }

    @Test
    void treeHoldsDescendantsOfTheRootOnly(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).process(1, 0, "init").process(10, 1, "java").process(11, 10, "python3")
                .process(12, 11, "sleep").process(20, 1, "other");
        List<ProcessEntry> tree = ProcessTree.of(10, proc.paths()).processes();
        assertEquals(List.of(10L, 11L, 12L), tree.stream().map(ProcessEntry::pid).toList());
    }

    @Test
    void treeFollowsEveryThreadsChildrenFileWhereTheKernelHasThem(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).process(1, 0, "init").process(10, 1, "java").process(11, 10, "python3")
                .process(13, 10, "sh").process(12, 11, "sleep").process(20, 1, "other")
                .children(10, 10, "").children(10, 15, "13 11 ").children(11, 11, "12 ").children(12, 12, "")
                .children(13, 13, "");
        List<ProcessEntry> tree = ProcessTree.of(10, proc.paths()).processes();
        assertEquals(List.of(10L, 11L, 13L, 12L), tree.stream().map(ProcessEntry::pid).toList());
        assertEquals("sleep", tree.get(3).command());
    }

    @Test
    void childThatExitsDuringTheWalkIsLeftOut(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).process(10, 1, "java").children(10, 10, "11 ");
        assertEquals(List.of(10L), pids(ProcessTree.of(10, proc.paths()).processes()));
    }

    @Test
    void treeOfExitedRootThrows(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).process(1, 0, "init");
        assertThrows(ProcessExitedException.class, () -> ProcessTree.of(10, proc.paths()).processes());
    }

    @Test
    void statGivesThreadsAndStartTimeWhereTheLineHasThem() {
        ProcStat s = new ProcStat();
        byte[] line = (STAT_OF_11 + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        s.parse(line, line.length);
        assertEquals(11, s.pid);
        assertEquals(10, s.ppid);
        assertEquals(1, s.threads);
        assertEquals(500, s.startTime);
        byte[] shortLine = "7 (python3) R 1 7 7".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        s.parse(shortLine, shortLine.length);
        assertEquals(-1, s.threads);
        assertEquals(-1, s.startTime);
    }

    @Test
    void filesStayOpenBetweenWalksAndCloseWithTheTree(@TempDir Path dir) throws Exception {
        FakeProc proc = FakeProc.at(dir).process(10, 1, "sh").process(11, 10, "sleep").children(10, 10, "11 ")
                .children(11, 11, "");
        Path root = proc.root();
        ProcessTree tree = ProcessTree.of(10, proc.paths());
        try {
            assertEquals(List.of(10L, 11L), pids(tree.processes()));
            Map<Integer, String> kept = OpenFiles.under(root);
            assertTrue(kept.containsValue(proc.paths().stat(11).toString()), kept.toString());
            assertTrue(kept.containsValue(proc.paths().cmdline(11).toString()), kept.toString());
            // a kept file still reads what it was opened on, so a removed cmdline shows that it was not reopened
            proc.remove(proc.paths().cmdline(11));
            List<ProcessEntry> again = tree.processes();
            assertEquals("sleep", again.get(1).command());
            assertEquals(kept.keySet(), OpenFiles.under(root).keySet());
            tree.close();
            assertEquals(Map.of(), OpenFiles.under(root));
            proc.cmdline(11, "sleep\0" + "600\0");
            assertEquals("sleep 600", tree.processes().get(1).command(), "usable after close, reads afresh");
        } finally {
            tree.close();
        }
        assertEquals(Map.of(), OpenFiles.under(root));
    }

    @Test
    void filesOfAChildThatLeftTheTreeAreClosed(@TempDir Path dir) throws Exception {
        FakeProc proc = FakeProc.at(dir).process(10, 1, "sh").process(11, 10, "sleep").process(12, 10, "sleep")
                .children(10, 10, "11 12 ");
        try (ProcessTree tree = ProcessTree.of(10, proc.paths())) {
            assertEquals(List.of(10L, 11L, 12L), pids(tree.processes()));
            assertFalse(OpenFiles.under(proc.paths().process(11)).isEmpty());
            proc.children(10, 10, "12 ");
            assertEquals(List.of(10L, 12L), pids(tree.processes()));
            assertEquals(Map.of(), OpenFiles.under(proc.paths().process(11)));
            assertFalse(OpenFiles.under(proc.paths().process(12)).isEmpty());
        }
    }

    @Test
    void childrenFilesOfOtherThreadsAreKeptWhileTheyAreListed(@TempDir Path dir) throws Exception {
        FakeProc proc = FakeProc.at(dir).process(10, 1, "java").process(11, 10, "python3").process(12, 10, "sleep")
                .children(10, 10, "").children(10, 15, "11 ");
        Path thread15 = proc.paths().tasks(10).resolve("15");
        try (ProcessTree tree = ProcessTree.of(10, proc.paths())) {
            assertEquals(List.of(10L, 11L), pids(tree.processes()));
            Map<Integer, String> kept = OpenFiles.under(thread15);
            assertEquals(1, kept.size(), kept.toString());
            proc.children(10, 15, "11 12 ");
            assertEquals(List.of(10L, 11L, 12L), pids(tree.processes()));
            assertEquals(kept, OpenFiles.under(thread15), "re-read, not reopened");
            // thread 15 exits; its children are the main thread's now
            proc.remove(proc.paths().children(10, 15)).remove(thread15).children(10, 10, "11 12 ");
            assertEquals(List.of(10L, 11L, 12L), pids(tree.processes()));
            assertEquals(Map.of(), OpenFiles.under(thread15));
        }
        assertEquals(Map.of(), OpenFiles.under(proc.root()));
    }

    @Test
    void reusedPidIsReadAfreshNotThroughTheFilesOfTheProcessThatHadIt(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).process(10, 1, "sh").stat(11, STAT_OF_11).cmdline(11, "sleep\0" + "600\0")
                .children(10, 10, "11 ");
        try (ProcessTree tree = ProcessTree.of(10, proc.paths())) {
            assertEquals("sleep 600", tree.processes().get(1).command());
            // pid 11 exits and is reused: the kernel keeps /proc/11/stat answering for the new process, with
            // another start time; its cmdline is a new file, which the kept one of the old process does not see
            proc.stat(11, STAT_OF_11.replace("(sleep)", "(python3)").replace(" 500 ", " 900 "))
                    .remove(proc.paths().cmdline(11)).cmdline(11, "python3\0-c\0pass\0");
            assertEquals("python3 -c pass", tree.processes().get(1).command());
        }
    }

    @Test
    void commandLineIsReadAgainSoAnExecShowsTheNewProgram(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).process(10, 1, "sh").stat(11, STAT_OF_11).cmdline(11, "sleep\0" + "600\0")
                .children(10, 10, "11 ");
        try (ProcessTree tree = ProcessTree.of(10, proc.paths())) {
            ProcessEntry before = tree.processes().get(1);
            assertEquals("sleep 600", before.command());
            assertSame(before, tree.processes().get(1), "unchanged process, same entry");
            // execve keeps the pid and the start time and changes the command line in place
            proc.cmdline(11, "sleep\0" + "30\0");
            assertEquals("sleep 30", tree.processes().get(1).command());
        }
    }

    private static final String STAT_OF_11 = "11 (sleep) S 10 1 1 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 500 1000 100";

    private static List<Long> pids(List<ProcessEntry> entries) {
        return entries.stream().map(ProcessEntry::pid).toList();
    }
}
