package dev.procbook.memory;

import java.util.List;
import java.util.Objects;

/**
 * Reads system-wide memory from {@code /proc/meminfo}.
 *
 * <p>{@code new SystemMemoryReader().read().available()}
 */
public final class SystemMemoryReader {

    private static final String[] KEYS = {"MemTotal", "MemAvailable", "MemFree", "Cached", "SReclaimable", "Buffers",
        "Shmem"};

    private final ProcPaths paths;

    /** Creates a reader of the running system's {@code /proc/meminfo}. */
    public SystemMemoryReader() {
        this(ProcPaths.system());
    }

    /** Creates a reader of {@code meminfo} in the {@code /proc} tree at {@code paths}. */
    public SystemMemoryReader(ProcPaths paths) {
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    /**
     * Reads {@code /proc/meminfo}.
     *
     * @throws ProcParseException if a field is missing (MemAvailable needs Linux 3.14) or malformed
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public SystemMemory read() {
        try {
            return parseMeminfo(ProcText.lines(ProcText.read(paths.meminfo())));
        } catch (ProcParseException e) {
            throw e.inFile(paths.meminfo());
        }
    }

    /**
     * Parses the text of {@code /proc/meminfo}.
     *
     * @throws ProcParseException if a field is missing or malformed
     */
    static SystemMemory parseMeminfo(List<String> lines) {
        long[] kb = new long[KEYS.length];
        boolean[] seen = new boolean[KEYS.length];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ProcParseException("meminfo", i + 1, line, "expected 'Name: value kB'");
            }
            for (int k = 0; k < KEYS.length; k++) {
                if (KEYS[k].length() == colon && line.startsWith(KEYS[k])) {
                    kb[k] = kilobytes(line, colon, i);
                    seen[k] = true;
                }
            }
        }
        for (int k = 0; k < KEYS.length; k++) {
            if (!seen[k]) {
                throw new ProcParseException("meminfo", 0, null, "missing field " + KEYS[k]);
            }
        }
        return new SystemMemory(kb[0] * 1024, kb[1] * 1024, kb[2] * 1024, (kb[3] + kb[4]) * 1024, kb[5] * 1024,
                kb[6] * 1024);
    }

    private static long kilobytes(String line, int colon, int index) {
        String v = line.substring(colon + 1).strip();
        if (!v.endsWith(" kB")) {
            throw new ProcParseException("meminfo", index + 1, line, "expected a number of kB");
        }
        try {
            return Long.parseLong(v.substring(0, v.length() - 3).strip());
        } catch (NumberFormatException e) {
            throw new ProcParseException("meminfo", index + 1, line, "expected a number of kB");
        }
    }
}
