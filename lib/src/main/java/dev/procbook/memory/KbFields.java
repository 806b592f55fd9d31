package dev.procbook.memory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code Name:   value kB} lines that {@code smaps}, {@code smaps_rollup} and {@code meminfo} are made of, read
 * from the bytes of the file without a string per line: a set of field names to look up, and the value parser.
 */
final class KbFields {

    private final String[] names;
    private final byte[][] bytes;

    /** The fields {@code names}, found by their index in this order. */
    KbFields(String... names) {
        this.names = names.clone();
        this.bytes = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            bytes[k] = names[k].getBytes(StandardCharsets.US_ASCII);
        }
    }

    int size() {
        return names.length;
    }

    String name(int k) {
        return names[k];
    }

    /** The index of the field named by {@code text[start, colon)}, or -1 if it is not one of these. */
    int indexOf(byte[] text, int start, int colon) {
        for (int k = 0; k < bytes.length; k++) {
            byte[] key = bytes[k];
            if (key.length == colon - start && Arrays.equals(key, 0, key.length, text, start, colon)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The value of the line {@code text[start, end)} whose name ends at {@code colon}: {@code Name:   123 kB}, with
     * any whitespace around the number and an optional sign, as {@code Long.parseLong} reads it.
     *
     * @throws ProcParseException naming {@code file} and {@code lineNumber} if it is not a number of kB
     */
    static long kilobytes(byte[] text, int start, int colon, int end, int lineNumber, String file) {
        int p = colon + 1;
        int e = end;
        while (p < e && (text[p] & 0xff) <= ' ') {
            p++;
        }
        while (e > p && (text[e - 1] & 0xff) <= ' ') {
            e--;
        }
        if (e - p < 3 || text[e - 3] != ' ' || text[e - 2] != 'k' || text[e - 1] != 'B') {
            throw notKilobytes(text, start, end, lineNumber, file);
        }
        e -= 3;
        while (e > p && (text[e - 1] & 0xff) <= ' ') {
            e--;
        }
        boolean negative = p < e && text[p] == '-';
        if (p < e && (text[p] == '-' || text[p] == '+')) {
            p++;
        }
        if (p == e || e - p > 18) {
            throw notKilobytes(text, start, end, lineNumber, file);
        }
        long value = 0;
        for (; p < e; p++) {
            if (text[p] < '0' || text[p] > '9') {
                throw notKilobytes(text, start, end, lineNumber, file);
            }
            value = value * 10 + (text[p] - '0');
        }
        return negative ? -value : value;
    }

    private static ProcParseException notKilobytes(byte[] text, int start, int end, int lineNumber, String file) {
        return new ProcParseException(file, lineNumber, line(text, start, end), "expected a number of kB");
    }

    /** The line {@code text[start, end)} as a string, for an error message. */
    static String line(byte[] text, int start, int end) {
        return new String(text, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
