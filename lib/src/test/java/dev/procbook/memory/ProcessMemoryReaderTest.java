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

    @Test
    void readerPrefersTheRollup(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).smapsRollup(42, SmapsTest.ROLLUP_5_10).smaps(42, SmapsTest.SMAPS);
        ProcessMemory m = new ProcessMemoryReader(proc.paths()).read(42);
        assertEquals(52100L * 1024, m.pss());
        assertTrue(m.pssShmem().isPresent());
    }

    @Test
    void readerSumsSmapsWhereTheKernelHasNoRollup(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).smaps(42, SmapsTest.SMAPS);
        ProcessMemory m = new ProcessMemoryReader(proc.paths()).read(42);
        assertEquals((8L + 51200 + 51200) * 1024, m.pss());
        assertEquals(OptionalLong.empty(), m.pssAnon());
    }

    @Test
    void processWithoutDirectoryHasExited(@TempDir Path dir) {
        ProcessMemoryReader reader = new ProcessMemoryReader(FakeProc.at(dir).paths());
        ProcessExitedException e = assertThrows(ProcessExitedException.class, () -> reader.read(99));
        assertEquals(99, e.pid());
        assertTrue(reader.tryRead(99).isEmpty());
    }

    @Test
    void zombieWithEmptyRollupHasExited(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).smapsRollup(5, "").cmdline(5, "")
                .stat(5, "5 (defunct thing) Z 1 5 5 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0");
        assertThrows(ProcessExitedException.class, () -> new ProcessMemoryReader(proc.paths()).read(5));
    }

    @Test
    void unreadableRollupIsPermissionDeniedNamingThePid(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).smapsRollup(8, SmapsTest.ROLLUP_6_18);
        Path file = proc.paths().smapsRollup(8);
        assertTrue(file.toFile().setReadable(false, false));
        if (Files.isReadable(file)) {
            return; // running as root, which reads everything: nothing to check
        }
        ProcessAccessDeniedException e = assertThrows(ProcessAccessDeniedException.class,
                () -> new ProcessMemoryReader(proc.paths()).read(8));
        assertEquals(8, e.pid());
        assertTrue(e.getMessage().contains("ptrace"), e.getMessage());
    }

    @Test
    void parseErrorNamesTheRollupFile(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).smapsRollup(9, SmapsTest.ROLLUP_6_18.replace("112 kB", "x kB"));
        ProcParseException e = assertThrows(ProcParseException.class,
                () -> new ProcessMemoryReader(proc.paths()).read(9));
        assertTrue(e.file().endsWith("9/smaps_rollup"), e.file());
    }

    @Test
    void statusGivesTheResidentSetSize() {
        long rss = ProcessMemoryReader.parseStatusRss("""
                Name:\tjava
                State:\tS (sleeping)
                VmPeak:\t 5421116 kB
                VmRSS:\t   48260 kB
                RssAnon:\t   20004 kB
                """.lines().toList());
        assertEquals(48260L * 1024, rss);
    }

    @Test
    void readerKeepsTheRollupOpenUntilClosed(@TempDir Path dir) throws Exception {
        FakeProc proc = FakeProc.at(dir).smapsRollup(42, SmapsTest.ROLLUP_5_10);
        Path root = proc.root();
        ProcessMemoryReader reader = new ProcessMemoryReader(proc.paths());
        try {
            assertEquals(52100L * 1024, reader.read(42).pss());
            Map<Integer, String> kept = OpenFiles.under(root);
            assertEquals(List.of(proc.paths().smapsRollup(42).toString()), List.copyOf(kept.values()));
            // the kept file is re-read in place: the kernel regenerates a /proc file, here the test rewrites it
            proc.smapsRollup(42, SmapsTest.ROLLUP_6_18);
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
    void readerKeepsOnlyTheMostRecentlyReadProcessesOpen(@TempDir Path dir) throws Exception {
        FakeProc proc = FakeProc.at(dir);
        int pids = ProcessMemoryReader.KEPT_FILES + 4;
        for (int pid = 1; pid <= pids; pid++) {
            proc.smapsRollup(pid, SmapsTest.ROLLUP_6_18);
        }
        try (ProcessMemoryReader reader = new ProcessMemoryReader(proc.paths())) {
            for (int pid = 1; pid <= pids; pid++) {
                reader.read(pid);
            }
            assertEquals(ProcessMemoryReader.KEPT_FILES, OpenFiles.under(proc.root()).size());
            assertEquals(Map.of(), OpenFiles.under(proc.paths().process(1)), "the least recently read was closed");
            assertEquals(1, OpenFiles.under(proc.paths().process(pids)).size());
        }
    }

    @Test
    void fileIsNotKeptAfterAParseError(@TempDir Path dir) throws Exception {
        FakeProc proc = FakeProc.at(dir).smapsRollup(9, SmapsTest.ROLLUP_6_18.replace("112 kB", "x kB"));
        try (ProcessMemoryReader reader = new ProcessMemoryReader(proc.paths())) {
            assertThrows(ProcParseException.class, () -> reader.read(9));
            assertEquals(Map.of(), OpenFiles.under(proc.root()));
        }
    }

    @Test
    void thisJvmCanBeMeasured() {
        ProcessMemory m = new ProcessMemoryReader().read(ProcessHandle.current().pid());
        assertTrue(m.rss() > 0 && m.pss() > 0 && m.uss() > 0 && m.pss() <= m.rss(), m.toString());
    }
}
