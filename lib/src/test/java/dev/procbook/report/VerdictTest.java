package dev.procbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void figuresWithinFivePercentAgree() {
        assertTrue(Verdict.of("x", 1.04, 1.0, "GiB").agrees());
        assertTrue(Verdict.of("x", 0.96, 1.0, "GiB").agrees());
        assertFalse(Verdict.of("x", 0.94, 1.0, "GiB").agrees());
    }

    @Test
    void theLineSaysBothFiguresAndHowFarApartTheyAre() {
        assertEquals(String.format("%-58s", "pandas info(memory_usage='deep'), GiB at 4M rows")
                + " measured      6.970 GiB, seed      7.900 GiB -> DIFFERS from the seed: ours is 0.88× the seed's figure",
                Verdict.of("pandas info(memory_usage='deep'), GiB at 4M rows", 6.97, 7.9, "GiB").toString());
        assertTrue(Verdict.of("sys.getsizeof(42)", 28, 28, "B").toString().endsWith("-> agrees with the seed"));
    }

    @Test
    void aSeedFigureThatIsNotPositiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Verdict.of("x", 1, 0, "B"));
        assertEquals("seed figure not positive: what=x, seed=0.0", e.getMessage());
    }
}
