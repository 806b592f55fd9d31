package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemMemoryReaderTest {

    static final String MEMINFO = """
            MemTotal:       24684084 kB
            MemFree:        24230612 kB
            MemAvailable:   24297664 kB
            Buffers:            5496 kB
            Cached:           209688 kB
            SwapCached:            0 kB
            Active:            88916 kB
            Inactive:         122816 kB
            SwapTotal:             0 kB
            SwapFree:              0 kB
            AnonPages:          9064 kB
            Mapped:            10780 kB
            Shmem:              8872 kB
            KReclaimable:     144100 kB
            Slab:             169992 kB
            SReclaimable:     144100 kB
            SUnreclaim:        25892 kB
            HugePages_Total:       0
            HugePages_Free:        0
            Hugepagesize:       2048 kB
            """;

    @Test
    void meminfoGivesTheSameFiguresAsPsutilVirtualMemory() {
        SystemMemory m = SystemMemoryReader.parseMeminfo(MEMINFO.lines().toList());
        assertEquals(24684084L * 1024, m.total());
        assertEquals(24297664L * 1024, m.available());
        assertEquals((24684084L - 24297664L) * 1024, m.used());
        assertEquals(24230612L * 1024, m.free());
        assertEquals((209688L + 144100L) * 1024, m.cached());
        assertEquals(5496L * 1024, m.buffers());
        assertEquals(8872L * 1024, m.shared());
    }

    @Test
    void meminfoOfKernelWithoutMemAvailableIsAParseError() {
        String old = MEMINFO.replace("MemAvailable:   24297664 kB\n", "");
        ProcParseException e = assertThrows(ProcParseException.class,
                () -> SystemMemoryReader.parseMeminfo(old.lines().toList()));
        assertTrue(e.getMessage().contains("MemAvailable"), e.getMessage());
    }

    @Test
    void readerReadsMeminfoUnderAConfiguredRoot(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).meminfo(MEMINFO);
        assertEquals(8872L * 1024, new SystemMemoryReader(proc.paths()).read().shared());
    }

    @Test
    void keptMeminfoIsReReadInPlace(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).meminfo(MEMINFO);
        SystemMemoryReader reader = new SystemMemoryReader(proc.paths());
        ProcBuffer buffer = new ProcBuffer();
        try (ProcFile kept = reader.keptFile()) {
            assertEquals(reader.read(), reader.read(kept, buffer));
            proc.meminfo(MEMINFO.replace("8872 kB", "9000 kB"));
            assertEquals(9000L * 1024, reader.read(kept, buffer).shared());
            assertTrue(kept.isOpen());
        }
    }

    @Test
    void missingMeminfoIsAnIoErrorNotAnExitedProcess(@TempDir Path dir) {
        SystemMemoryReader reader = new SystemMemoryReader(FakeProc.at(dir).paths());
        assertThrows(UncheckedIOException.class, reader::read);
        try (ProcFile kept = reader.keptFile()) {
            assertThrows(UncheckedIOException.class, () -> reader.read(kept, new ProcBuffer()));
        }
    }

    @Test
    void valueMayHaveASignAndExtraSpacesAsLongParseLongReadsIt() {
        SystemMemory m = SystemMemoryReader.parseMeminfo(MEMINFO.replace("5496 kB", "+5496  kB").lines().toList());
        assertEquals(5496L * 1024, m.buffers());
    }

    @Test
    void parseErrorFromReaderNamesTheFile(@TempDir Path dir) {
        FakeProc proc = FakeProc.at(dir).meminfo(MEMINFO.replace("5496 kB", "lots"));
        ProcParseException e = assertThrows(ProcParseException.class,
                () -> new SystemMemoryReader(proc.paths()).read());
        assertEquals(proc.paths().meminfo().toString(), e.file());
        assertEquals(4, e.lineNumber());
    }
}
