package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmemTest {

    /** smem 1.5 on Debian 12, {@code smem -H -c "pid pss rss uss" -P ...}: a sleep, smem itself, a python. */
    static final String OUTPUT = """
            30364      195     1800      108\s
            30377     8992    13384     7520\s
            30365  1858988  1863136  1857772\s
            """;

    @Test
    void figuresAreReadByPidInBytes() {
        Map<Long, SmemFigures> byPid = Smem.parse(OUTPUT);
        assertEquals(List.of(30364L, 30365L, 30377L), List.copyOf(byPid.keySet()));
        assertEquals(new SmemFigures(30364, 195 * 1024, 1800 * 1024, 108 * 1024), byPid.get(30364L));
        assertEquals(1857772L * 1024, byPid.get(30365L).uss());
    }

    @Test
    void noMatchingProcessIsNoFigures() {
        assertEquals(Map.of(), Smem.parse(""));
    }

    @Test
    void aLineThatIsNotFourNumbersIsAParseErrorNamingIt() {
        ProcParseException e = assertThrows(ProcParseException.class,
                () -> Smem.parse(OUTPUT + "  PID      PSS      RSS      USS\n"));
        assertEquals(4, e.lineNumber());
        assertEquals("smem output", e.file());
        assertThrows(ProcParseException.class, () -> Smem.parse("30364 195 1800\n"));
    }
}
