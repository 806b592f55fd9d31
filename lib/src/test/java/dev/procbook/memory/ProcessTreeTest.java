package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void treeHoldsDescendantsOfTheRootOnly(@TempDir Path root) throws Exception {
        proc(root, 1, 0, "init");
        proc(root, 10, 1, "java");
        proc(root, 11, 10, "python3");
        proc(root, 12, 11, "sleep");
        proc(root, 20, 1, "other");
        List<ProcessEntry> tree = ProcessTree.of(10, ProcPaths.at(root)).processes();
        assertEquals(List.of(10L, 11L, 12L), tree.stream().map(ProcessEntry::pid).toList());
    }

    @Test
    void treeFollowsEveryThreadsChildrenFileWhereTheKernelHasThem(@TempDir Path root) throws Exception {
        proc(root, 1, 0, "init");
        proc(root, 10, 1, "java");
        proc(root, 11, 10, "python3");
        proc(root, 13, 10, "sh");
        proc(root, 12, 11, "sleep");
        proc(root, 20, 1, "other");
        children(root, 10, 10, "");
        children(root, 10, 15, "13 11 ");
        children(root, 11, 11, "12 ");
        children(root, 12, 12, "");
        children(root, 13, 13, "");
        List<ProcessEntry> tree = ProcessTree.of(10, ProcPaths.at(root)).processes();
        assertEquals(List.of(10L, 11L, 13L, 12L), tree.stream().map(ProcessEntry::pid).toList());
        assertEquals("sleep", tree.get(3).command());
    }

    @Test
    void childThatExitsDuringTheWalkIsLeftOut(@TempDir Path root) throws Exception {
        proc(root, 10, 1, "java");
        children(root, 10, 10, "11 ");
        assertEquals(List.of(10L), ProcessTree.of(10, ProcPaths.at(root)).processes().stream()
                .map(ProcessEntry::pid).toList());
    }

    @Test
    void treeOfExitedRootThrows(@TempDir Path root) throws Exception {
        proc(root, 1, 0, "init");
        assertThrows(ProcessExitedException.class, () -> ProcessTree.of(10, ProcPaths.at(root)).processes());
    }

    private static void proc(Path root, long pid, long ppid, String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + name + ") S " + ppid + " 1 1 0 -1");
        Files.writeString(dir.resolve("cmdline"), name + "\0");
    }

    private static void children(Path root, long pid, long tid, String children) throws Exception {
        Path task = Files.createDirectories(root.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)));
        Files.writeString(task.resolve("children"), children);
    }
}
