package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessCpuTimeTest {

    @Test
    void userAndSystemTicksAreReadEvenWhenTheCommandHasSpacesAndParens() {
        String stat = "4242 (java (kernel) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 30 0 1 2 3\n";
        ProcessCpuTime t = ProcessCpuTime.parse(stat, "stat");
        assertEquals(2_500_000_000L, t.userNanos());
        assertEquals(300_000_000L, t.systemNanos());
    }

    @Test
    void aStatLineCutBeforeTheCpuFieldsIsAParseErrorNamingTheFile() {
        ProcParseException e = assertThrows(ProcParseException.class,
                () -> ProcessCpuTime.parse("4242 (java) S 1 4242 4242 0 -1\n", "/proc/4242/stat"));
        assertTrue(e.getMessage().contains("/proc/4242/stat"), e.getMessage());
    }

    @Test
    void thisProcessHasUsedSomeCpu() {
        ProcessCpuTime t = ProcessCpuTime.of(ProcessHandle.current().pid());
        assertTrue(t.userNanos() + t.systemNanos() > 0, t::toString);
    }
}
