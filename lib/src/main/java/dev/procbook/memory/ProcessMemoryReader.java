package dev.procbook.memory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the memory of one process from {@code /proc/PID/smaps_rollup}, or by summing {@code smaps} where the kernel
 * has no rollup (before Linux 4.14).
 *
 * <p>{@code new ProcessMemoryReader().read(ProcessHandle.current().pid()).pss()}
 */
public final class ProcessMemoryReader {

    private final ProcPaths paths;

    /** Creates a reader of the running system's {@code /proc}. */
    public ProcessMemoryReader() {
        this(ProcPaths.system());
    }

    /** Creates a reader of the {@code /proc} tree at {@code paths}. */
    public ProcessMemoryReader(ProcPaths paths) {
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    /**
     * Reads the memory of process {@code pid}.
     *
     * @throws ProcessExitedException if the process has exited (or is a zombie)
     * @throws ProcessAccessDeniedException if the process belongs to another user and ptrace access is lacking
     * @throws ProcParseException if the kernel's text does not have the expected shape
     * @throws java.io.UncheckedIOException if the file cannot be read for another reason
     */
    public ProcessMemory read(long pid) {
        Path rollup = paths.smapsRollup(pid);
        String text;
        Path file = rollup;
        boolean isRollup = true;
        try {
            text = ProcText.read(pid, rollup);
        } catch (ProcessExitedException e) {
            if (!Files.isDirectory(paths.process(pid))) {
                throw e;
            }
            file = paths.smaps(pid);
            isRollup = false;
            text = ProcText.read(pid, file);
        }
        if (text.isEmpty()) {
            throw noAddressSpace(pid, file);
        }
        List<String> lines = ProcText.lines(text);
        try {
            return isRollup ? Smaps.parseRollup(pid, lines) : Smaps.parseSmaps(pid, lines);
        } catch (ProcParseException e) {
            throw e.inFile(file);
        }
    }

    /**
     * Reads the memory of process {@code pid}, or returns empty if it has exited.
     *
     * @throws ProcessAccessDeniedException if the process belongs to another user and ptrace access is lacking
     * @throws ProcParseException if the kernel's text does not have the expected shape
     */
    public Optional<ProcessMemory> tryRead(long pid) {
        try {
            return Optional.of(read(pid));
        } catch (ProcessExitedException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads every mapping of process {@code pid} from {@code /proc/PID/smaps}.
     *
     * @throws ProcessExitedException if the process has exited
     * @throws ProcessAccessDeniedException if the process belongs to another user and ptrace access is lacking
     * @throws ProcParseException if the kernel's text does not have the expected shape
     */
    public List<SmapsMapping> mappings(long pid) {
        Path file = paths.smaps(pid);
        String text = ProcText.read(pid, file);
        try {
            return Smaps.parseMappings(ProcText.lines(text));
        } catch (ProcParseException e) {
            throw e.inFile(file);
        }
    }

    /**
     * Reads the resident set size of {@code pid} from {@code VmRSS} in {@code /proc/PID/status}, cheaper than the rollup.
     *
     * @throws ProcessExitedException if the process has exited
     * @throws ProcessAccessDeniedException if the file may not be read
     * @throws ProcParseException if {@code VmRSS} is missing or malformed
     */
    public long readRss(long pid) {
        Path file = paths.status(pid);
        try {
            return parseStatusRss(ProcText.lines(ProcText.read(pid, file)));
        } catch (ProcParseException e) {
            if (e.lineNumber() == 0 && noAddressSpace(pid, file) instanceof ProcessExitedException exited) {
                throw exited;
            }
            throw e.inFile(file);
        }
    }

    static long parseStatusRss(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("VmRSS:")) {
                String v = line.substring(6).strip();
                if (!v.endsWith(" kB")) {
                    throw new ProcParseException("status", i + 1, line, "expected a number of kB");
                }
                try {
                    return Long.parseLong(v.substring(0, v.length() - 3).strip()) * 1024;
                } catch (NumberFormatException e) {
                    throw new ProcParseException("status", i + 1, line, "expected a number of kB");
                }
            }
        }
        throw new ProcParseException("status", 0, null, "missing field VmRSS");
    }

    private RuntimeException noAddressSpace(long pid, Path file) {
        Optional<ProcessEntry> entry = ProcessTree.tryEntry(paths, pid);
        if (entry.isEmpty() || entry.get().state() == 'Z' || entry.get().state() == 'X') {
            return new ProcessExitedException(pid);
        }
        return new IllegalStateException("process has no user address space (a kernel thread): pid=" + pid
                + ", file=" + file);
    }
}
