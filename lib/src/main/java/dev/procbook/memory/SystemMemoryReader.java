package dev.procbook.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads system-wide memory from {@code /proc/meminfo}.
 *
 * <p>{@code new SystemMemoryReader().read().available()}
 */
public final class SystemMemoryReader {

    private static final KbFields KEYS = new KbFields("MemTotal", "MemAvailable", "MemFree", "Cached",
        "SReclaimable", "Buffers", "Shmem");

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
        long[] kb = new long[KEYS.size()];
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
                throw new ProcParseException("meminfo", lineNumber, KbFields.line(text, start, end),
                        "expected 'Name: value kB'");
            }
            int key = KEYS.indexOf(text, start, colon);
            if (key >= 0) {
                kb[key] = KbFields.kilobytes(text, start, colon, end, lineNumber, "meminfo");
                seen |= 1 << key;
            }
            start = end + 1;
        }
        for (int k = 0; k < KEYS.size(); k++) {
            if ((seen & (1 << k)) == 0) {
                throw new ProcParseException("meminfo", 0, null, "missing field " + KEYS.name(k));
            }
        }
        return new SystemMemory(kb[0] * 1024, kb[1] * 1024, kb[2] * 1024, (kb[3] + kb[4]) * 1024, kb[5] * 1024,
                kb[6] * 1024);
    }
}
