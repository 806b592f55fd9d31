package dev.procbook.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        return parse(text, text.length, file, new long[KEYS.size()]);
    }

    /** Returns {@code meminfo} as a file to keep open and re-read with {@link #read(ProcFile, ProcBuffer)}. */
    ProcFile keptFile() {
        return ProcFile.system(paths.meminfo());
    }

    /** Reads {@code meminfo} through {@code kept}, from {@link #keptFile()}, into {@code buffer}: one pread. */
    SystemMemory read(ProcFile kept, ProcBuffer buffer) {
        int n = kept.read(buffer);
        return parse(buffer.bytes(), n, kept.path(), buffer.kilobytes(KEYS.size()));
    }

    private static SystemMemory parse(byte[] text, int length, Path file, long[] kb) {
        try {
            return parseMeminfo(text, length, kb);
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
        byte[] text = ProcText.join(lines);
        return parseMeminfo(text, text.length);
    }

    /**
     * Parses the first {@code length} bytes of {@code text}, the ASCII text of {@code /proc/meminfo}, without making a
     * string of any line unless it is malformed.
     *
     * @throws ProcParseException if a field is missing or malformed
     */
    static SystemMemory parseMeminfo(byte[] text, int length) {
        return parseMeminfo(text, length, new long[KEYS.size()]);
    }

    /** Parses {@code meminfo} like {@link #parseMeminfo(byte[], int)}, adding up its figures in {@code kb}, zeroed. */
    private static SystemMemory parseMeminfo(byte[] text, int length, long[] kb) {
        int seen = KEYS.addKilobytes(text, length, "meminfo", false, kb);
        KEYS.requireFirst(KEYS.size(), seen, "meminfo");
        return new SystemMemory(kb[0] * 1024, kb[1] * 1024, kb[2] * 1024, (kb[3] + kb[4]) * 1024, kb[5] * 1024,
                kb[6] * 1024);
    }
}
