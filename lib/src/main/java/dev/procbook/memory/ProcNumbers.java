package dev.procbook.memory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one parser of numbers in {@code /proc} text, read from its bytes without making a string: a pid in a
 * {@code children} file, a field of {@code stat}, the value of a {@code Name:   123 kB} line.
 */
final class ProcNumbers {

    /** What {@link #decimal} returns for text that is not a number; no {@code /proc} figure is this value. */
    static final long NOT_A_NUMBER = Long.MIN_VALUE;
    /** More digits than this could overflow a long; no {@code /proc} figure has them. */
    private static final int MAX_DIGITS = 18;

    private ProcNumbers() {
    }

    /**
     * The decimal number in {@code text[start, end)}, with any whitespace around it and an optional sign, as
     * {@code Long.parseLong(s.strip())} reads it; {@link #NOT_A_NUMBER} if it is not one or has over 18 digits.
     */
    static long decimal(byte[] text, int start, int end) {
        while (start < end && isSpace(text[start])) {
            start++;
        }
        while (end > start && isSpace(text[end - 1])) {
            end--;
        }
        boolean negative = start < end && text[start] == '-';
        if (start < end && (text[start] == '-' || text[start] == '+')) {
            start++;
        }
        if (start == end || end - start > MAX_DIGITS) {
            return NOT_A_NUMBER;
        }
        long value = 0;
        for (int p = start; p < end; p++) {
            int digit = text[p] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_A_NUMBER;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** The pid or tid that an entry of {@code /proc} or {@code /proc/PID/task} is named by, or -1 for another entry. */
    static long idOf(Path entry) {
        byte[] name = entry.getFileName().toString().getBytes(StandardCharsets.ISO_8859_1);
        long id = decimal(name, 0, name.length);
        return id > 0 && name[0] != '+' ? id : -1;
    }

    /** Whether {@code b} is ASCII whitespace or a control character, as {@code String.strip} sees ASCII. */
    static boolean isSpace(byte b) {
        return (b & 0xff) <= ' ';
    }
}
