package dev.procbook.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeFormatTest {

    @Test
    void formatsWithThreeSignificantDigitsInTheRightUnitAsIPythonDoes() {
        assertEquals("12.3 ms", TimeFormat.seconds(0.012345));
        assertEquals("1.5 s", TimeFormat.seconds(1.5));
        assertEquals("250 µs", TimeFormat.seconds(0.00025));
        assertEquals("6.45 ns", TimeFormat.seconds(6.45e-9));
        assertEquals("0 ns", TimeFormat.seconds(0));
        assertEquals("2min 5s", TimeFormat.seconds(125.2));
    }

    @Test
    void timeitResultReadsLikeIPython() {
        TimeitResult r = new TimeitResult(List.of(1e-6, 3e-6), 1000);
        assertEquals("2 µs ± 1 µs per loop (mean ± std. dev. of 2 runs, 1000 loops each)", r.toString());
        assertEquals("1 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)",
                new TimeitResult(List.of(1.0), 1).toString());
    }

    @Test
    void timeitOptionsAreParsedAndCheckedBeforeTheStatement() {
        assertEquals(new TimeitMagic.Options(100, 3, "Math.abs(-1)"),
                TimeitMagic.Options.parse("%timeit", "-n 100 -r 3 Math.abs(-1)"));
        assertEquals(new TimeitMagic.Options(0, 7, "x"), TimeitMagic.Options.parse("%timeit", "x"));
        MagicUsageException e = assertThrows(MagicUsageException.class,
                () -> TimeitMagic.Options.parse("%timeit", "-n ten x"));
        assertEquals("%timeit: option -n needs a whole number, got: ten", e.getMessage());
        assertThrows(MagicUsageException.class, () -> TimeitMagic.Options.parse("%timeit", "-r 0 x"));
    }

    @Test
    void cpuTimesAreReadFromProcStatEvenWhenTheCommandHasSpacesAndParens() {
        String stat = "4242 (java (kernel) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 30 0 1 2 3";
        CpuClock clock = CpuClock.parseStat(stat);
        assertEquals(2_500_000_000L, clock.userNanos());
        assertEquals(300_000_000L, clock.systemNanos());
    }

    @Test
    void mprofIntervalMustBeAPositiveWholeNumber() {
        assertEquals(100, MprofMagic.interval(""));
        assertEquals(25, MprofMagic.interval("--interval 25"));
        assertThrows(MagicUsageException.class, () -> MprofMagic.interval("--interval -5"));
        assertThrows(MagicUsageException.class, () -> MprofMagic.interval("--every 5"));
    }
}
