package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SmapsTest {

    /** Linux 4.14, where smaps_rollup first appeared: SwapPss, but no Pss_Anon/Pss_File/Pss_Shmem. */
    static final String ROLLUP_4_14 = """
            00400000-7ffd2c3fe000 ---p 00000000 00:00 0                              [rollup]
            Rss:                5384 kB
            Pss:                1720 kB
            Shared_Clean:       3840 kB
            Shared_Dirty:          0 kB
            Private_Clean:       384 kB
            Private_Dirty:      1160 kB
            Referenced:         5384 kB
            Anonymous:          1160 kB
            LazyFree:              0 kB
            AnonHugePages:         0 kB
            ShmemPmdMapped:        0 kB
            Shared_Hugetlb:        0 kB
            Private_Hugetlb:       0 kB
            Swap:                 12 kB
            SwapPss:               6 kB
            Locked:                0 kB
            """;

    /** Linux 5.10: Pss_Anon, Pss_File and Pss_Shmem added in 5.8. */
    static final String ROLLUP_5_10 = """
            55d4c9a3e000-7ffe6b5f1000 ---p 00000000 00:00 0                          [rollup]
            Rss:              103424 kB
            Pss:               52100 kB
            Pss_Anon:           1024 kB
            Pss_File:           1076 kB
            Pss_Shmem:         50000 kB
            Shared_Clean:       2048 kB
            Shared_Dirty:     100000 kB
            Private_Clean:       352 kB
            Private_Dirty:      1024 kB
            Referenced:       103424 kB
            Anonymous:          1024 kB
            LazyFree:              0 kB
            AnonHugePages:         0 kB
            ShmemPmdMapped:        0 kB
            FilePmdMapped:         0 kB
            Shared_Hugetlb:        0 kB
            Private_Hugetlb:       0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            """;

    /** Linux 6.18, as read on the build machine: Pss_Dirty and KSM as well. */
    static final String ROLLUP_6_18 = """
            5620682fb000-7ffd4e870000 ---p 00000000 00:00 0                          [rollup]
            Rss:                1780 kB
            Pss:                 518 kB
            Pss_Dirty:           112 kB
            Pss_Anon:            112 kB
            Pss_File:            406 kB
            Pss_Shmem:             0 kB
            Shared_Clean:       1612 kB
            Shared_Dirty:          0 kB
            Private_Clean:        56 kB
            Private_Dirty:       112 kB
            Referenced:         1780 kB
            Anonymous:           112 kB
            KSM:                   0 kB
            LazyFree:              0 kB
            AnonHugePages:         0 kB
            ShmemPmdMapped:        0 kB
            FilePmdMapped:         0 kB
            Shared_Hugetlb:        0 kB
            Private_Hugetlb:       0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            """;

    /** A vendor backport of smaps_rollup onto a 4.9 kernel (as in some Android kernels), without SwapPss. */
    static final String ROLLUP_BACKPORT_WITHOUT_SWAP_PSS = """
            12c00000-7fcb1fe000 ---p 00000000 00:00 0                                [rollup]
            Rss:               81920 kB
            Pss:               40960 kB
            Shared_Clean:      40960 kB
            Shared_Dirty:      20480 kB
            Private_Clean:      4096 kB
            Private_Dirty:     16384 kB
            Referenced:        81920 kB
            Anonymous:         16384 kB
            AnonHugePages:         0 kB
            Swap:               2048 kB
            Locked:                0 kB
            """;

    static final String SMAPS = """
            558b9081e000-558b90820000 r--p 00000000 fe:00 260386                     /usr/bin/head
            Size:                  8 kB
            KernelPageSize:        4 kB
            MMUPageSize:           4 kB
            Rss:                   8 kB
            Pss:                   8 kB
            Pss_Dirty:             0 kB
            Shared_Clean:          0 kB
            Shared_Dirty:          0 kB
            Private_Clean:         8 kB
            Private_Dirty:         0 kB
            Referenced:            8 kB
            Anonymous:             0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            THPeligible:           0
            VmFlags: rd mr mw me
            7f3a40000000-7f3a46400000 rw-s 00000000 00:1a 1234                       /dev/shm/procbook-pss-1
            Size:             102400 kB
            KernelPageSize:        4 kB
            MMUPageSize:           4 kB
            Rss:              102400 kB
            Pss:               51200 kB
            Pss_Dirty:         51200 kB
            Shared_Clean:          0 kB
            Shared_Dirty:     102400 kB
            Private_Clean:         0 kB
            Private_Dirty:         0 kB
            Referenced:       102400 kB
            Anonymous:             0 kB
            Swap:                  0 kB
            SwapPss:               0 kB
            Locked:                0 kB
            THPeligible:           0
            VmFlags: rd wr sh mr mw me ms sd
            7f3a46400000-7f3a49600000 rw-p 00000000 00:00 0
            Size:              51200 kB
            KernelPageSize:        4 kB
            MMUPageSize:           4 kB
            Rss:               51200 kB
            Pss:               51200 kB
            Pss_Dirty:         51200 kB
            Shared_Clean:          0 kB
            Shared_Dirty:          0 kB
            Private_Clean:         0 kB
            Private_Dirty:     51200 kB
            Referenced:        51200 kB
            Anonymous:         51200 kB
            Swap:                 40 kB
            SwapPss:              40 kB
            Locked:                0 kB
            THPeligible:           1
            VmFlags: rd wr mr mw me ac sd
            """;

    static List<String> lines(String text) {
        return text.lines().toList();
    }

    @Test
    void rollupOfFirstKernelWithRollupHasSwapPssButNoPssSplit() {
        ProcessMemory m = Smaps.parseRollup(7, lines(ROLLUP_4_14));
        assertEquals(7, m.pid());
        assertEquals(5384L * 1024, m.rss());
        assertEquals(1720L * 1024, m.pss());
        assertEquals((384L + 1160) * 1024, m.uss());
        assertEquals(3840L * 1024, m.sharedClean());
        assertEquals(0, m.sharedDirty());
        assertEquals(12L * 1024, m.swap());
        assertEquals(OptionalLong.of(6L * 1024), m.swapPss());
        assertTrue(m.pssAnon().isEmpty(), "Pss_Anon absent, not zero");
        assertTrue(m.pssFile().isEmpty());
        assertTrue(m.pssShmem().isEmpty());
    }

    @Test
    void rollupOfKernel510SplitsPssIntoAnonFileAndShmem() {
        ProcessMemory m = Smaps.parseRollup(1, lines(ROLLUP_5_10));
        assertEquals(OptionalLong.of(1024L * 1024), m.pssAnon());
        assertEquals(OptionalLong.of(1076L * 1024), m.pssFile());
        assertEquals(OptionalLong.of(50000L * 1024), m.pssShmem());
        assertEquals(m.pss(), m.pssAnon().getAsLong() + m.pssFile().getAsLong() + m.pssShmem().getAsLong());
        assertEquals(100000L * 1024, m.sharedDirty());
        assertEquals(OptionalLong.of(0), m.swapPss(), "reported zero stays zero");
    }

    @Test
    void rollupOfCurrentKernelIgnoresFieldsAddedLater() {
        ProcessMemory m = Smaps.parseRollup(1, lines(ROLLUP_6_18));
        assertEquals(518L * 1024, m.pss());
        assertEquals(168L * 1024, m.uss());
        assertEquals(1612L * 1024, m.shared());
        assertEquals(OptionalLong.of(406L * 1024), m.pssFile());
    }

    @Test
    void rollupWithoutSwapPssLeavesItAbsent() {
        ProcessMemory m = Smaps.parseRollup(1, lines(ROLLUP_BACKPORT_WITHOUT_SWAP_PSS));
        assertEquals(2048L * 1024, m.swap());
        assertTrue(m.swapPss().isEmpty());
        assertEquals(20480L * 1024, m.uss());
    }

    @Test
    void smapsIsSummedOverItsMappings() {
        ProcessMemory m = Smaps.parseSmaps(3, lines(SMAPS));
        assertEquals((8L + 102400 + 51200) * 1024, m.rss());
        assertEquals((8L + 51200 + 51200) * 1024, m.pss());
        assertEquals((8L + 51200) * 1024, m.uss());
        assertEquals(OptionalLong.of(40L * 1024), m.swapPss());
        assertTrue(m.pssShmem().isEmpty(), "smaps has no Pss_Shmem per mapping");
    }

    @Test
    void smapsMappingsKeepTheirPathPermissionsAndFields() {
        List<SmapsMapping> maps = Smaps.parseMappings(lines(SMAPS));
        assertEquals(3, maps.size());
        SmapsMapping shm = maps.get(1);
        assertEquals("/dev/shm/procbook-pss-1", shm.path());
        assertEquals("rw-s", shm.perms());
        assertEquals(100L << 20, shm.size());
        assertEquals(50L << 20, shm.pss());
        assertEquals("", maps.get(2).path());
        assertEquals(OptionalLong.of(51200L * 1024), maps.get(2).field("Anonymous"));
        assertFalse(maps.get(2).field("THPeligible").isPresent(), "not a kB field");
    }

    @Test
    void rollupIsParsedFromTheFirstBytesOfAReusedBuffer() {
        byte[] text = ROLLUP_6_18.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] buffer = java.util.Arrays.copyOf(text, text.length + 64);
        java.util.Arrays.fill(buffer, text.length, buffer.length, (byte) 'x');
        assertEquals(Smaps.parseRollup(1, lines(ROLLUP_6_18)), Smaps.parseRollup(1, buffer, text.length));
        byte[] noFinalNewline = java.util.Arrays.copyOf(text, text.length - 1);
        assertEquals(Smaps.parseRollup(1, lines(ROLLUP_6_18)),
                Smaps.parseRollup(1, noFinalNewline, noFinalNewline.length));
    }

    @Test
    void emptyLineIsRejectedWithItsNumber() {
        ProcParseException e = assertThrows(ProcParseException.class,
                () -> Smaps.parseRollup(1, lines(ROLLUP_4_14.replace("Pss:", "\nPss:"))));
        assertEquals(3, e.lineNumber());
    }

    @Test
    void malformedValueNamesTheLine() {
        String broken = ROLLUP_6_18.replace("Pss:                 518 kB", "Pss:                 518 MB");
        ProcParseException e = assertThrows(ProcParseException.class, () -> Smaps.parseRollup(1, lines(broken)));
        assertEquals(3, e.lineNumber());
        assertTrue(e.getMessage().contains("line=3"), e.getMessage());
        assertTrue(e.getMessage().contains("518 MB"), e.getMessage());
    }

    @Test
    void missingRequiredFieldIsAParseErrorNotAZero() {
        String noPss = ROLLUP_4_14.replace("Pss:                1720 kB\n", "");
        ProcParseException e = assertThrows(ProcParseException.class, () -> Smaps.parseRollup(1, lines(noPss)));
        assertTrue(e.getMessage().contains("missing field Pss"), e.getMessage());
    }

    @Test
    void lineThatIsNeitherFieldNorHeaderIsRejected() {
        assertThrows(ProcParseException.class, () -> Smaps.parseRollup(1, lines(ROLLUP_4_14 + "garbage here\n")));
    }
}
