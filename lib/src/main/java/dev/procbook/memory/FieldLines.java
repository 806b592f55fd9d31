package dev.procbook.memory;

import java.nio.charset.StandardCharsets;

/**
 * The lines of a {@code /proc} file made of {@code Name:   value} fields ({@code meminfo}, {@code status},
 * {@code smaps_rollup}, {@code smaps}), read from its bytes: where a line ends, whether it is a field and where its
 * name ends, and its value in kB, written once for every reader here; and a cursor over them for readers that want
 * more than a set of {@code kB} fields.
 *
 * <p>In {@code smaps} and {@code smaps_rollup} a header line (an address range, permissions, offset, device, inode
 * and path) starts each mapping; where headers are allowed they are told apart from fields. A line that is neither
 * is a {@link ProcParseException} naming the file and line.
 * <pre>{@code
 * FieldLines lines = new FieldLines(text, length, "status", false);
 * while (lines.next()) {
 *     if (lines.nameEquals(UID)) return lines.firstNumber();
 * }
 * }</pre>
 * The hot readers ({@link KbFields#addKilobytes}) call the static methods with the line's bounds in local variables,
 * not through a cursor: the JIT did not keep a cursor in registers, which made each read allocate it.
 */
final class FieldLines {

    private final byte[] text;
    private final int length;
    private final String file;
    private final boolean headers;
    private int lineNumber;
    private int start;
    private int end;
    /** The colon ending the name of the current line, or -1 if it is a mapping header. */
    private int colon;
    private int next;

    /** A cursor over the first {@code length} bytes of {@code text}, the text of {@code file}. */
    FieldLines(byte[] text, int length, String file, boolean mappingHeaders) {
        this.text = text;
        this.length = length;
        this.file = file;
        this.headers = mappingHeaders;
    }

    /** Where the line that starts at {@code start} ends: its {@code '\n'}, or {@code length}. */
    static int lineEnd(byte[] text, int start, int length) {
        int end = start;
        while (end < length && text[end] != '\n') {
            end++;
        }
        return end;
    }

    /**
     * The colon ending the field name of the line {@code text[start, end)} (its first word ends with one), or -1 for
     * a mapping header where {@code headers} allows them.
     *
     * @throws ProcParseException naming {@code file} and {@code lineNumber} if the line is neither
     */
    static int fieldColon(byte[] text, int start, int end, boolean headers, String file, int lineNumber) {
        int space = start;
        while (space < end && text[space] != ' ' && text[space] != '\t') {
            space++;
        }
        if (space > start + 1 && text[space - 1] == ':') {
            return space - 1;
        }
        if (headers && isMappingHeader(text, start, space)) {
            return -1;
        }
        throw malformed(text, start, end, file, lineNumber,
                headers ? "neither a field nor a mapping header" : "expected 'Name: value'");
    }

    /** Whether the field name {@code text[start, colon)} is {@code name}, in ASCII bytes. */
    static boolean nameEquals(byte[] name, byte[] text, int start, int colon) {
        if (colon - start != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (name[i] != text[start + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of the field {@code text[start, end)}, whose name ends at {@code colon}: {@code Name:   123 kB}, in
     * kB, the number as {@link ProcNumbers#decimal} reads it.
     *
     * @throws ProcParseException naming {@code file} and {@code lineNumber} if it is not a number of kB
     */
    static long kilobytes(byte[] text, int start, int colon, int end, String file, int lineNumber) {
        int e = kilobytesEnd(text, colon, end);
        long value = e < 0 ? ProcNumbers.NOT_A_NUMBER : ProcNumbers.decimal(text, colon + 1, e);
        if (value == ProcNumbers.NOT_A_NUMBER) {
            throw malformed(text, start, end, file, lineNumber, "expected a number of kB");
        }
        return value;
    }

    /** Where the number of a {@code ... kB} value ends, before its unit; -1 if the value has no such unit. */
    private static int kilobytesEnd(byte[] text, int colon, int end) {
        int e = end;
        while (e > colon + 1 && ProcNumbers.isSpace(text[e - 1])) {
            e--;
        }
        if (e - (colon + 1) < 3 || text[e - 3] != ' ' || text[e - 2] != 'k' || text[e - 1] != 'B') {
            return -1;
        }
        return e - 3;
    }

    /** Whether the first word, {@code text[start, space)}, is an address range such as {@code 55d4c9a3e000-7ffe6b5f}. */
    private static boolean isMappingHeader(byte[] text, int start, int space) {
        int dash = start;
        while (dash < space && text[dash] != '-') {
            dash++;
        }
        return dash > start && dash < space && Character.digit(text[start] & 0xff, 16) >= 0;
    }

    private static ProcParseException malformed(byte[] text, int start, int end, String file, int lineNumber,
            String reason) {
        return new ProcParseException(file, lineNumber, string(text, start, end), reason);
    }

    private static String string(byte[] text, int from, int to) {
        return new String(text, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Moves to the next line.
     *
     * @return false past the last line
     * @throws ProcParseException if the line is neither a field nor, where allowed, a mapping header
     */
    boolean next() {
        if (next >= length) {
            return false;
        }
        start = next;
        end = lineEnd(text, start, length);
        next = end + 1;
        lineNumber++;
        colon = fieldColon(text, start, end, headers, file, lineNumber);
        return true;
    }

    /** The 1-based number of the current line. */
    int lineNumber() {
        return lineNumber;
    }

    /** Whether the current line is a mapping header rather than a field. */
    boolean isHeader() {
        return colon < 0;
    }

    /** Whether the current line is a field named by the ASCII bytes {@code name}. */
    boolean nameEquals(byte[] name) {
        return colon >= 0 && nameEquals(name, text, start, colon);
    }

    /** The name of the current field. */
    String name() {
        return string(text, start, colon);
    }

    /** The whole current line, for a header or an error message. */
    String line() {
        return string(text, start, end);
    }

    /** The value of the current field without the whitespace around it. */
    String value() {
        int p = colon + 1;
        int e = end;
        while (p < e && ProcNumbers.isSpace(text[p])) {
            p++;
        }
        while (e > p && ProcNumbers.isSpace(text[e - 1])) {
            e--;
        }
        return string(text, p, e);
    }

    /** Whether the value of the current field is a figure in kB ({@code smaps} also has flags and counts). */
    boolean inKilobytes() {
        return kilobytesEnd(text, colon, end) >= 0;
    }

    /**
     * The value of the current field in kB; see {@link #kilobytes(byte[], int, int, int, String, int)}.
     *
     * @throws ProcParseException naming the file and line if the value is not a number of kB
     */
    long kilobytes() {
        return kilobytes(text, start, colon, end, file, lineNumber);
    }

    /**
     * The first of the whitespace-separated numbers of the current field, as {@code Uid:} holds four of them.
     *
     * @throws ProcParseException naming the file and line if it is not a number
     */
    long firstNumber() {
        int p = colon + 1;
        while (p < end && ProcNumbers.isSpace(text[p])) {
            p++;
        }
        int e = p;
        while (e < end && !ProcNumbers.isSpace(text[e])) {
            e++;
        }
        long value = ProcNumbers.decimal(text, p, e);
        if (value == ProcNumbers.NOT_A_NUMBER) {
            throw malformed("expected a number");
        }
        return value;
    }

    /** A parse error of the current line, naming the file and line. */
    ProcParseException malformed(String reason) {
        return malformed(text, start, end, file, lineNumber, reason);
    }
}
