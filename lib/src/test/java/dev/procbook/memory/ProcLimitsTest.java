package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcLimitsTest {

    private static final String MEMINFO = """
            MemTotal:       24576000 kB
            MemFree:        20000000 kB
            MemAvailable:   22000000 kB
            Buffers:          100000 kB
            HugePages_Total:       0
            """;

    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max processes             4096                 96365                processes
            Max open files            1048576              1048576              files
            """;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesMemAvailableInBytesAndSoftProcessLimit() {
        assertEquals(22_000_000L * 1024, ProcLimits.parseMemAvailable(bytes(MEMINFO), "meminfo"));
        assertEquals(4096, ProcLimits.parseMaxProcesses(bytes(LIMITS)));
    }

    @Test
    void unlimitedOrAbsentFiguresAreMinusOne() {
        assertEquals(-1, ProcLimits.parseMaxProcesses(bytes(
                "Max processes             unlimited            unlimited            processes\n")));
        assertEquals(-1, ProcLimits.parseMemAvailable(bytes("MemTotal:       24576000 kB\n"), "meminfo"));
    }

    @Test
    void malformedMemAvailableNamesTheFileAndLine() {
        ProcParseException e = assertThrows(ProcParseException.class,
                () -> ProcLimits.parseMemAvailable(bytes("MemTotal: 1 kB\nMemAvailable: lots\n"), "meminfo"));
        assertEquals(2, e.lineNumber());
    }

    @Test
    void readsAFakeProcTreeAndTreatsMissingFilesAsUnbounded(@TempDir Path root) throws Exception {
        ProcPaths paths = ProcPaths.at(root);
        assertEquals(-1, ProcLimits.memAvailableBytes(paths));
        assertEquals(-1, ProcLimits.maxProcesses(paths));
        Files.createDirectories(paths.selfLimits().getParent());
        Files.writeString(paths.meminfo(), MEMINFO);
        Files.writeString(paths.selfLimits(), LIMITS);
        assertEquals(22_000_000L * 1024, ProcLimits.memAvailableBytes(paths));
        assertEquals(4096, ProcLimits.maxProcesses(paths));
    }
}
