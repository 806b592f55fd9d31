package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryReaderTest {

    private static void write(Path root, long pid, String name, String text) throws Exception {
        Files.createDirectories(root.resolve(Long.toString(pid)));
        Files.writeString(root.resolve(Long.toString(pid)).resolve(name), text);
    }

    @Test
    void readerPrefersTheRollup(@TempDir Path root) throws Exception {
        write(root, 42, "smaps_rollup", SmapsTest.ROLLUP_5_10);
        write(root, 42, "smaps", SmapsTest.SMAPS);
        ProcessMemory m = new ProcessMemoryReader(ProcPaths.at(root)).read(42);
        assertEquals(52100L * 1024, m.pss());
        assertTrue(m.pssShmem().isPresent());
    }

    @Test
    void readerSumsSmapsWhereTheKernelHasNoRollup(@TempDir Path root) throws Exception {
        write(root, 42, "smaps", SmapsTest.SMAPS);
        ProcessMemory m = new ProcessMemoryReader(ProcPaths.at(root)).read(42);
        assertEquals((8L + 51200 + 51200) * 1024, m.pss());
        assertEquals(OptionalLong.empty(), m.pssAnon());
    }

    @Test
    void processWithoutDirectoryHasExited(@TempDir Path root) {
        ProcessMemoryReader reader = new ProcessMemoryReader(ProcPaths.at(root));
        ProcessExitedException e = assertThrows(ProcessExitedException.class, () -> reader.read(99));
        assertEquals(99, e.pid());
        assertTrue(reader.tryRead(99).isEmpty());
    }

    @Test
    void zombieWithEmptyRollupHasExited(@TempDir Path root) throws Exception {
        write(root, 5, "smaps_rollup", "");
        write(root, 5, "stat", "5 (defunct thing) Z 1 5 5 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0");
        write(root, 5, "cmdline", "");
        assertThrows(ProcessExitedException.class, () -> new ProcessMemoryReader(ProcPaths.at(root)).read(5));
    }

    @Test
    void unreadableRollupIsPermissionDeniedNamingThePid(@TempDir Path root) throws Exception {
        write(root, 8, "smaps_rollup", SmapsTest.ROLLUP_6_18);
        Path file = root.resolve("8/smaps_rollup");
        assertTrue(file.toFile().setReadable(false, false));
        if (Files.isReadable(file)) {
            return; // running as root, which reads everything: nothing to check
        }
        ProcessAccessDeniedException e = assertThrows(ProcessAccessDeniedException.class,
                () -> new ProcessMemoryReader(ProcPaths.at(root)).read(8));
        assertEquals(8, e.pid());
        assertTrue(e.getMessage().contains("ptrace"), e.getMessage());
    }

    @Test
    void parseErrorNamesTheRollupFile(@TempDir Path root) throws Exception {
        write(root, 9, "smaps_rollup", SmapsTest.ROLLUP_6_18.replace("112 kB", "x kB"));
        ProcParseException e = assertThrows(ProcParseException.class,
                () -> new ProcessMemoryReader(ProcPaths.at(root)).read(9));
        assertTrue(e.file().endsWith("9/smaps_rollup"), e.file());
    }

    @Test
    void statusGivesTheResidentSetSize() {
        long rss = ProcessMemoryReader.parseStatusRss(ProcText.lines("""
                Name:\tjava
                State:\tS (sleeping)
                VmPeak:\t 5421116 kB
                VmRSS:\t   48260 kB
                RssAnon:\t   20004 kB
                """));
        assertEquals(48260L * 1024, rss);
    }

    @Test
    void readerKeepsTheRollupOpenUntilClosed(@TempDir Path tmp) throws Exception {
        Path root = tmp.toRealPath();
        write(root, 42, "smaps_rollup", SmapsTest.ROLLUP_5_10);
        ProcessMemoryReader reader = new ProcessMemoryReader(ProcPaths.at(root));
        try {
            assertEquals(52100L * 1024, reader.read(42).pss());
            Map<Integer, String> kept = OpenFiles.under(root);
            assertEquals(List.of(root.resolve("42/smaps_rollup").toString()), List.copyOf(kept.values()));
            // the kept file is re-read in place: the kernel regenerates a /proc file, here the test rewrites it
            Files.writeString(root.resolve("42/smaps_rollup"), SmapsTest.ROLLUP_6_18);
            assertEquals(518L * 1024, reader.read(42).pss());
            assertEquals(kept, OpenFiles.under(root));
            reader.close();
            assertEquals(Map.of(), OpenFiles.under(root));
            assertEquals(518L * 1024, reader.read(42).pss(), "usable after close");
        } finally {
            reader.close();
        }
        assertEquals(Map.of(), OpenFiles.under(root));
    }

    @Test
    void readerKeepsOnlyTheMostRecentlyReadProcessesOpen(@TempDir Path tmp) throws Exception {
        Path root = tmp.toRealPath();
        int pids = ProcessMemoryReader.KEPT_FILES + 4;
        for (int pid = 1; pid <= pids; pid++) {
            write(root, pid, "smaps_rollup", SmapsTest.ROLLUP_6_18);
        }
        try (ProcessMemoryReader reader = new ProcessMemoryReader(ProcPaths.at(root))) {
            for (int pid = 1; pid <= pids; pid++) {
                reader.read(pid);
            }
            assertEquals(ProcessMemoryReader.KEPT_FILES, OpenFiles.under(root).size());
            assertEquals(Map.of(), OpenFiles.under(root.resolve("1")), "the least recently read was closed");
            assertEquals(1, OpenFiles.under(root.resolve(Integer.toString(pids))).size());
        }
    }

    @Test
    void fileIsNotKeptAfterAParseError(@TempDir Path tmp) throws Exception {
        Path root = tmp.toRealPath();
        write(root, 9, "smaps_rollup", SmapsTest.ROLLUP_6_18.replace("112 kB", "x kB"));
        try (ProcessMemoryReader reader = new ProcessMemoryReader(ProcPaths.at(root))) {
            assertThrows(ProcParseException.class, () -> reader.read(9));
            assertEquals(Map.of(), OpenFiles.under(root));
        }
    }

    @Test
    void thisJvmCanBeMeasured() {
        ProcessMemory m = new ProcessMemoryReader().read(ProcessHandle.current().pid());
        assertTrue(m.rss() > 0 && m.pss() > 0 && m.uss() > 0 && m.pss() <= m.rss(), m.toString());
    }
}
