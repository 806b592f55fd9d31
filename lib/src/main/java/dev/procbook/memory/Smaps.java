package dev.procbook.memory;

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
        byte[] text = ProcText.join(lines);
        return parseRollup(pid, text, text.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code text}, the ASCII text of {@code smaps_rollup}, without making a
     * string of any line unless it is malformed.
     *
     * @throws ProcParseException if a line is malformed or a field every kernel reports is missing
     */
    static ProcessMemory parseRollup(long pid, byte[] text, int length) {
        return sum(pid, text, length, "smaps_rollup", new long[KEYS.size()]);
    }

    /**
     * Parses the first {@code length} bytes of {@code buffer}, the text of {@code smaps_rollup} just read into it,
     * adding up its figures in the buffer's own array: the read a sampler repeats makes no garbage but the result.
     *
     * @throws ProcParseException if a line is malformed or a field every kernel reports is missing
     */
    static ProcessMemory parseRollup(long pid, ProcBuffer buffer, int length) {
        return sum(pid, buffer.bytes(), length, "smaps_rollup", buffer.kilobytes(KEYS.size()));
    }

    /**
     * Parses the text of {@code smaps} and sums its mappings, as the kernel does for {@code smaps_rollup}.
     *
     * <p>{@code Pss_Anon}, {@code Pss_File} and {@code Pss_Shmem} appear only in the rollup, so they stay empty.
     *
     * @throws ProcParseException if a line is malformed or a field every kernel reports is missing
     */
    static ProcessMemory parseSmaps(long pid, List<String> lines) {
        byte[] text = ProcText.join(lines);
        return parseSmaps(pid, text, text.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code text}, the text of {@code smaps}, and sums its mappings.
     *
     * @throws ProcParseException if a line is malformed or a field every kernel reports is missing
     */
    static ProcessMemory parseSmaps(long pid, byte[] text, int length) {
        return sum(pid, text, length, "smaps", new long[KEYS.size()]);
    }

    /** Sums every known field over the lines of {@code text} into {@code kb}, zeroed, skipping mapping headers. */
    private static ProcessMemory sum(long pid, byte[] text, int length, String file, long[] kb) {
        int seen = KEYS.addKilobytes(text, length, file, true, kb);
        KEYS.requireFirst(REQUIRED, seen, file);
        return new ProcessMemory(pid, kb[RSS] * 1024, kb[PSS] * 1024, kb[SHARED_CLEAN] * 1024,
                kb[SHARED_DIRTY] * 1024, kb[PRIVATE_CLEAN] * 1024, kb[PRIVATE_DIRTY] * 1024, kb[SWAP] * 1024,
                optional(kb, seen, SWAP_PSS), optional(kb, seen, PSS_ANON), optional(kb, seen, PSS_FILE),
                optional(kb, seen, PSS_SHMEM));
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
        byte[] text = ProcText.join(lines);
        return parseMappings(text, text.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code text}, the text of {@code smaps}, into one entry per mapping.
     *
     * @throws ProcParseException if a line is malformed
     */
    static List<SmapsMapping> parseMappings(byte[] text, int length) {
        List<SmapsMapping> mappings = new ArrayList<>();
        FieldLines lines = new FieldLines(text, length, "smaps", true);
        String header = null;
        int headerLine = 0;
        Map<String, Long> fields = null;
        while (lines.next()) {
            if (lines.isHeader()) {
                if (header != null) {
                    mappings.add(mapping(header, headerLine, fields));
                }
                header = lines.line();
                headerLine = lines.lineNumber();
                fields = new LinkedHashMap<>();
            } else if (header == null) {
                throw lines.malformed("field before the first mapping header");
            } else if (lines.inKilobytes()) {
                fields.put(lines.name(), lines.kilobytes() * 1024);
            }
        }
        if (header != null) {
            mappings.add(mapping(header, headerLine, fields));
        }
        return mappings;
    }

    private static SmapsMapping mapping(String header, int lineNumber, Map<String, Long> fields) {
        try {
            return SmapsMapping.of(header, fields);
        } catch (RuntimeException e) {
            throw new ProcParseException("smaps", lineNumber, header, "bad mapping header");
        }
    }
}
