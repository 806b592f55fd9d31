package dev.procbook.memory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the memory of one process from {@code /proc/PID/smaps_rollup}, or by summing {@code smaps} where the kernel
 * has no rollup (before Linux 4.14).
 *
 * <p>{@code new ProcessMemoryReader().read(ProcessHandle.current().pid()).pss()}
 *
 * <p>A reader keeps the {@code smaps_rollup} of the last {@value #KEPT_FILES} processes it read open, so reading the
 * same process again costs one positional read instead of an open, reads and a close. The open file stays bound to
 * the process it was opened for, so a pid reused by another process is read afresh. {@link #close()} closes the kept
 * files and the reader stays usable; a reader dropped without {@code close()} has its files closed when it is garbage
 * collected. Safe for use by several threads; a read made while another is in progress opens its file afresh rather
 * than wait.
 */
public final class ProcessMemoryReader implements AutoCloseable {

    private static final KbFields VM_RSS = new KbFields("VmRSS");

    /** How many processes' {@code smaps_rollup} a reader keeps open, the most recently read. */
    static final int KEPT_FILES = 16;

    private final ProcPaths paths;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}, in order of use, eldest first. */
    private final Map<Long, ProcFile> kept = new LinkedHashMap<>(KEPT_FILES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ProcFile> eldest) {
            if (size() <= KEPT_FILES) {
                return false;
            }
            eldest.getValue().close();
            return true;
        }
    };
    /** Guarded by {@link #lock}. */
    private ProcBuffer buffer;

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
        if (!lock.tryLock()) {
            try (ProcFile once = new ProcFile(pid, paths.smapsRollup(pid))) {
                return read(pid, once, new ProcBuffer());
            }
        }
        try {
            if (buffer == null) {
                buffer = new ProcBuffer();
            }
            ProcFile rollup = kept.get(pid);
            if (rollup == null) {
                rollup = new ProcFile(pid, paths.smapsRollup(pid));
            }
            try {
                ProcessMemory m = read(pid, rollup, buffer);
                if (rollup.isOpen()) {
                    kept.put(pid, rollup);
                } else {
                    kept.remove(pid);
                }
                return m;
            } catch (RuntimeException e) {
                kept.remove(pid);
                rollup.close();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the memory of {@code pid} through {@code rollup}, its {@code smaps_rollup}: one positional read while it
     * is open from an earlier call, else an open that {@code rollup} keeps for the next call.
     *
     * <p>A kept rollup answers ESRCH not only once the process has exited but also once it has called
     * {@code execve}, since it was opened on the address space the process had then; so it is reopened once before
     * the process counts as exited.
     */
    ProcessMemory read(long pid, ProcFile rollup, ProcBuffer buffer) {
        if (rollup.isOpen()) {
            try {
                int n = rollup.read(buffer);
                if (n > 0) {
                    return parseRollup(pid, rollup, buffer, n);
                }
            } catch (ProcessExitedException exitedOrExeced) {
                // reopened below, which tells the two apart
            }
            rollup.close();
        }
        int n;
        try {
            n = rollup.read(buffer);
        } catch (ProcessExitedException e) {
            rollup.close();
            if (!Files.isDirectory(paths.process(pid))) {
                throw e;
            }
            return readSmaps(pid);
        }
        if (n == 0) {
            rollup.close();
            throw noAddressSpace(pid, rollup.path());
        }
        return parseRollup(pid, rollup, buffer, n);
    }

    private static ProcessMemory parseRollup(long pid, ProcFile rollup, ProcBuffer buffer, int length) {
        try {
            return Smaps.parseRollup(pid, buffer, length);
        } catch (ProcParseException e) {
            throw e.inFile(rollup.path());
        }
    }

    /** Sums {@code smaps}, for a kernel without {@code smaps_rollup}. */
    private ProcessMemory readSmaps(long pid) {
        Path file = paths.smaps(pid);
        byte[] text = ProcText.readBytes(pid, file);
        if (text.length == 0) {
            throw noAddressSpace(pid, file);
        }
        try {
            return Smaps.parseSmaps(pid, text, text.length);
        } catch (ProcParseException e) {
            throw e.inFile(file);
        }
    }

    /** Closes the {@code smaps_rollup} files this reader keeps open; idempotent. The reader stays usable. */
    @Override
    public void close() {
        lock.lock();
        try {
            kept.values().forEach(ProcFile::close);
            kept.clear();
        } finally {
            lock.unlock();
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
        byte[] text = ProcText.readBytes(pid, file);
        try {
            return Smaps.parseMappings(text, text.length);
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
            byte[] text = ProcText.readBytes(pid, file);
            return parseStatusRss(text, text.length);
        } catch (ProcParseException e) {
            if (e.lineNumber() == 0 && noAddressSpace(pid, file) instanceof ProcessExitedException exited) {
                throw exited;
            }
            throw e.inFile(file);
        }
    }

    /** Parses {@code VmRSS} from the lines of {@code status}, in bytes; see {@link #parseStatusRss(byte[], int)}. */
    static long parseStatusRss(List<String> lines) {
        byte[] text = ProcText.join(lines);
        return parseStatusRss(text, text.length);
    }

    /**
     * Parses {@code VmRSS} from the first {@code length} bytes of {@code text}, the text of {@code status}, in bytes.
     *
     * @throws ProcParseException if a line is malformed, or with line 0 if {@code VmRSS} is missing
     */
    static long parseStatusRss(byte[] text, int length) {
        long[] kb = new long[1];
        int seen = VM_RSS.addKilobytes(text, length, "status", false, kb);
        VM_RSS.requireFirst(1, seen, "status");
        return kb[0] * 1024;
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
