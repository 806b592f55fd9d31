package dev.procbook.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    private static final byte[][] KEY_BYTES = new byte[KEYS.length][];

    static {
        for (int k = 0; k < KEYS.length; k++) {
            KEY_BYTES[k] = KEYS[k].getBytes(StandardCharsets.US_ASCII);
        }
    }

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
        Path file = paths.meminfo();
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read: file=" + file, e);
        }
        return parse(text, text.length, file);
    }

    /** Returns {@code meminfo} as a file to keep open and re-read with {@link #read(ProcFile, ProcBuffer)}. */
    ProcFile keptFile() {
        return ProcFile.system(paths.meminfo());
    }

    /** Reads {@code meminfo} through {@code kept}, from {@link #keptFile()}, into {@code buffer}: one pread. */
    SystemMemory read(ProcFile kept, ProcBuffer buffer) {
        return parse(buffer.bytes(), kept.read(buffer), kept.path());
    }

    private static SystemMemory parse(byte[] text, int length, Path file) {
        try {
            return parseMeminfo(text, length);
        } catch (ProcParseException e) {
            throw e.inFile(file);
        }
    }

    /**
     * Parses the text of {@code /proc/meminfo}.
     *
     * @throws ProcParseException if a field is missing or malformed
     */
    static SystemMemory parseMeminfo(List<String> lines) {
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        return parseMeminfo(text, text.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code text}, the ASCII text of {@code /proc/meminfo}, without making a
     * string of any line unless it is malformed.
     *
     * @throws ProcParseException if a field is missing or malformed
     */
    static SystemMemory parseMeminfo(byte[] text, int length) {
        long[] kb = new long[KEYS.length];
        int seen = 0;
        int lineNumber = 0;
        for (int start = 0; start < length; ) {
            int end = start;
            while (end < length && text[end] != '\n') {
                end++;
            }
            lineNumber++;
            int colon = start;
            while (colon < end && text[colon] != ':') {
                colon++;
            }
            if (colon == end) {
                throw new ProcParseException("meminfo", lineNumber, line(text, start, end), "expected 'Name: value kB'");
            }
            int key = keyIndex(text, start, colon);
            if (key >= 0) {
                kb[key] = kilobytes(text, start, colon, end, lineNumber);
                seen |= 1 << key;
            }
            start = end + 1;
        }
        for (int k = 0; k < KEYS.length; k++) {
            if ((seen & (1 << k)) == 0) {
                throw new ProcParseException("meminfo", 0, null, "missing field " + KEYS[k]);
            }
        }
        return new SystemMemory(kb[0] * 1024, kb[1] * 1024, kb[2] * 1024, (kb[3] + kb[4]) * 1024, kb[5] * 1024,
                kb[6] * 1024);
    }

    private static int keyIndex(byte[] text, int start, int colon) {
        for (int k = 0; k < KEY_BYTES.length; k++) {
            byte[] key = KEY_BYTES[k];
            if (key.length == colon - start && Arrays.equals(key, 0, key.length, text, start, colon)) {
                return k;
            }
        }
        return -1;
    }

    /** The value of {@code Name:   123 kB}, with any whitespace around the number, as {@code Long.parseLong} reads. */
    private static long kilobytes(byte[] text, int start, int colon, int end, int lineNumber) {
        int p = colon + 1;
        int e = end;
        while (p < e && (text[p] & 0xff) <= ' ') {
            p++;
        }
        while (e > p && (text[e - 1] & 0xff) <= ' ') {
            e--;
        }
        if (e - p < 3 || text[e - 3] != ' ' || text[e - 2] != 'k' || text[e - 1] != 'B') {
            throw new ProcParseException("meminfo", lineNumber, line(text, start, end), "expected a number of kB");
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
            throw new ProcParseException("meminfo", lineNumber, line(text, start, end), "expected a number of kB");
        }
        long value = 0;
        for (; p < e; p++) {
            if (text[p] < '0' || text[p] > '9') {
                throw new ProcParseException("meminfo", lineNumber, line(text, start, end), "expected a number of kB");
            }
            value = value * 10 + (text[p] - '0');
        }
        return negative ? -value : value;
    }

    private static String line(byte[] text, int start, int end) {
        return new String(text, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
