package dev.procbook.memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parsers for the text of {@code /proc/PID/smaps_rollup} and {@code /proc/PID/smaps}, without regular expressions.
 *
 * <p>Both files are blocks of a header line (an address range, permissions, offset, device, inode and path) followed
 * by {@code Name:   value kB} lines; the rollup has one block whose values are already summed.
 */
final class Smaps {

    private static final KbFields KEYS = new KbFields(
        "Rss", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean", "Private_Dirty", "Swap",
        "SwapPss", "Pss_Anon", "Pss_File", "Pss_Shmem");
    private static final int REQUIRED = 7;
    private static final int RSS = 0;
    private static final int PSS = 1;
    private static final int SHARED_CLEAN = 2;
    private static final int SHARED_DIRTY = 3;
    private static final int PRIVATE_CLEAN = 4;
    private static final int PRIVATE_DIRTY = 5;
    private static final int SWAP = 6;
    private static final int SWAP_PSS = 7;
    private static final int PSS_ANON = 8;
    private static final int PSS_FILE = 9;
    private static final int PSS_SHMEM = 10;

    private Smaps() {
    }

    /**
     * Parses the text of {@code smaps_rollup}.
     *
     * @throws ProcParseException if a line is malformed or a field every kernel reports is missing
     */
    static ProcessMemory parseRollup(long pid, List<String> lines) {
        byte[] text = join(lines);
        return sum(pid, text, text.length, "smaps_rollup");
    }

    /**
     * Parses the first {@code length} bytes of {@code text}, the ASCII text of {@code smaps_rollup}, without making a
     * string of any line unless it is malformed.
     *
     * @throws ProcParseException if a line is malformed or a field every kernel reports is missing
     */
    static ProcessMemory parseRollup(long pid, byte[] text, int length) {
        return sum(pid, text, length, "smaps_rollup");
    }

    /**
     * Parses the text of {@code smaps} and sums its mappings, as the kernel does for {@code smaps_rollup}.
     *
     * <p>{@code Pss_Anon}, {@code Pss_File} and {@code Pss_Shmem} appear only in the rollup, so they stay empty.
     *
     * @throws ProcParseException if a line is malformed or a field every kernel reports is missing
     */
    static ProcessMemory parseSmaps(long pid, List<String> lines) {
        byte[] text = join(lines);
        return sum(pid, text, text.length, "smaps");
    }

    private static byte[] join(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Sums every known field over the lines of {@code text}, skipping mapping headers. */
    private static ProcessMemory sum(long pid, byte[] text, int length, String file) {
        long[] kb = new long[KEYS.size()];
        int seen = 0;
        int lineNumber = 0;
        for (int start = 0; start < length; ) {
            int end = start;
            while (end < length && text[end] != '\n') {
                end++;
            }
            lineNumber++;
            int colon = fieldColon(text, start, end, lineNumber, file);
            if (colon >= 0) {
                int key = KEYS.indexOf(text, start, colon);
                if (key >= 0) {
                    kb[key] += KbFields.kilobytes(text, start, colon, end, lineNumber, file);
                    seen |= 1 << key;
                }
            }
            start = end + 1;
        }
        for (int k = 0; k < REQUIRED; k++) {
            if ((seen & (1 << k)) == 0) {
                throw new ProcParseException(file, 0, null, "missing field " + KEYS.name(k));
            }
        }
        return new ProcessMemory(pid, kb[RSS] * 1024, kb[PSS] * 1024, kb[SHARED_CLEAN] * 1024,
                kb[SHARED_DIRTY] * 1024, kb[PRIVATE_CLEAN] * 1024, kb[PRIVATE_DIRTY] * 1024, kb[SWAP] * 1024,
                optional(kb, seen, SWAP_PSS), optional(kb, seen, PSS_ANON), optional(kb, seen, PSS_FILE),
                optional(kb, seen, PSS_SHMEM));
    }

    /**
     * Returns the index of the colon ending the field name of the line {@code text[start, end)}, or -1 for a mapping
     * header line.
     */
    private static int fieldColon(byte[] text, int start, int end, int lineNumber, String file) {
        int space = start;
        while (space < end && text[space] != ' ' && text[space] != '\t') {
            space++;
        }
        if (space > start + 1 && text[space - 1] == ':') {
            return space - 1;
        }
        int dash = start;
        while (dash < end && text[dash] != '-') {
            dash++;
        }
        if (space > start && dash > start && dash < space && isHex((char) (text[start] & 0xff))) {
            return -1;
        }
        throw new ProcParseException(file, lineNumber, KbFields.line(text, start, end),
                "neither a field nor a mapping header");
    }

    private static OptionalLong optional(long[] kb, int seen, int key) {
        return (seen & (1 << key)) != 0 ? OptionalLong.of(kb[key] * 1024) : OptionalLong.empty();
    }

    /**
     * Parses the text of {@code smaps} into one entry per mapping, keeping every {@code kB} field.
     *
     * @throws ProcParseException if a line is malformed
     */
    static List<SmapsMapping> parseMappings(List<String> lines) {
        List<SmapsMapping> mappings = new ArrayList<>();
        String header = null;
        Map<String, Long> fields = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = fieldColon(line, i, "smaps");
            if (colon < 0) {
                if (header != null) {
                    mappings.add(mapping(header, fields, i));
                }
                header = line;
                fields = new LinkedHashMap<>();
            } else if (header == null) {
                throw new ProcParseException("smaps", i + 1, line, "field before the first mapping header");
            } else if (line.endsWith(" kB")) {
                fields.put(line.substring(0, colon), kilobytes(line, colon, i, "smaps") * 1024);
            }
        }
        if (header != null) {
            mappings.add(mapping(header, fields, lines.size()));
        }
        return mappings;
    }

    private static SmapsMapping mapping(String header, Map<String, Long> fields, int nextIndex) {
        try {
            return SmapsMapping.of(header, fields);
        } catch (RuntimeException e) {
            throw new ProcParseException("smaps", nextIndex - fields.size(), header, "bad mapping header");
        }
    }

    /** Returns the index of the colon ending a field name, or -1 for a mapping header line. */
    private static int fieldColon(String line, int index, String file) {
        int space = 0;
        while (space < line.length() && line.charAt(space) != ' ' && line.charAt(space) != '\t') {
            space++;
        }
        if (space > 1 && line.charAt(space - 1) == ':') {
            return space - 1;
        }
        if (space > 0 && line.indexOf('-') > 0 && line.indexOf('-') < space && isHex(line.charAt(0))) {
            return -1;
        }
        throw new ProcParseException(file, index + 1, line, "neither a field nor a mapping header");
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static long kilobytes(String line, int colon, int index, String file) {
        int p = colon + 1;
        int n = line.length();
        while (p < n && line.charAt(p) == ' ') {
            p++;
        }
        int digits = p;
        long value = 0;
        while (p < n && line.charAt(p) >= '0' && line.charAt(p) <= '9') {
            value = value * 10 + (line.charAt(p) - '0');
            p++;
        }
        if (p == digits || !line.startsWith(" kB", p) || p + 3 != n) {
            throw new ProcParseException(file, index + 1, line, "expected a number of kB");
        }
        return value;
    }

}
