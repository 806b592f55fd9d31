package dev.procbook.memory;

import static dev.procbook.memory.ProcNumbers.NOT_A_NUMBER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcNumbersTest {

    @Test
    void decimalReadsWhatLongParseLongReadsAfterStrip() {
        assertEquals(42, decimal("  42 \n"));
        assertEquals(-7, decimal("-7"));
        assertEquals(5, decimal("+5"));
        assertEquals(999_999_999_999_999_999L, decimal("999999999999999999"));
    }

    @Test
    void decimalSaysWhenTheTextIsNotANumber() {
        assertEquals(NOT_A_NUMBER, decimal(""));
        assertEquals(NOT_A_NUMBER, decimal("   "));
        assertEquals(NOT_A_NUMBER, decimal("-"));
        assertEquals(NOT_A_NUMBER, decimal("4x"));
        assertEquals(NOT_A_NUMBER, decimal("4 2"));
        assertEquals(NOT_A_NUMBER, decimal("1234567890123456789"), "19 digits may overflow");
    }

    @Test
    void decimalReadsOnlyTheRangeItIsGiven() {
        byte[] stat = "123 (sleep) S 45".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(123, ProcNumbers.decimal(stat, 0, 3));
        assertEquals(45, ProcNumbers.decimal(stat, 14, stat.length));
    }

    @Test
    void idOfNamesOnlyNumericEntries() {
        assertEquals(4242, ProcNumbers.idOf(Path.of("/proc/4242")));
        assertEquals(-1, ProcNumbers.idOf(Path.of("/proc/self")));
        assertEquals(-1, ProcNumbers.idOf(Path.of("/proc/+12")));
        assertEquals(-1, ProcNumbers.idOf(Path.of("/proc/0")));
    }

    private static long decimal(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return ProcNumbers.decimal(b, 0, b.length);
    }
}
