package dev.procbook.memory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The figures that bound how many processes this one may start: the memory the kernel could give without
 * swapping ({@code MemAvailable} of {@code /proc/meminfo}) and the soft {@code Max processes} of
 * {@code /proc/self/limits} ({@code ulimit -u}). A figure that cannot be read (not Linux) or is unlimited is -1:
 * it bounds nothing.
 * {@code long bytes = ProcLimits.memAvailableBytes(ProcPaths.system());}
 */
public final class ProcLimits {

    private static final byte[] MEM_AVAILABLE = "MemAvailable".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] MAX_PROCESSES = "Max processes".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] UNLIMITED = "unlimited".getBytes(StandardCharsets.ISO_8859_1);

    private ProcLimits() {
    }

    /**
     * {@code MemAvailable} in bytes, or -1 if {@code meminfo} cannot be read or lacks it.
     *
     * @throws ProcParseException if the file is malformed
     */
    public static long memAvailableBytes(ProcPaths paths) {
        byte[] text = readOrNull(paths.meminfo());
        return text == null ? -1 : parseMemAvailable(text, paths.meminfo().toString());
    }

    /** The soft limit of {@code Max processes}, or -1 if it is unlimited or cannot be read. */
    public static long maxProcesses(ProcPaths paths) {
        byte[] text = readOrNull(paths.selfLimits());
        return text == null ? -1 : parseMaxProcesses(text);
    }

    private static byte[] readOrNull(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** MemAvailable in bytes from the text of {@code /proc/meminfo}, or -1 if absent. */
    static long parseMemAvailable(byte[] text, String file) {
        int lineNumber = 0;
        for (int start = 0; start < text.length; ) {
            int end = FieldLines.lineEnd(text, start, text.length);
            lineNumber++;
            if (end > start) {
                int colon = FieldLines.fieldColon(text, start, end, false, file, lineNumber);
                if (FieldLines.nameEquals(MEM_AVAILABLE, text, start, colon)) {
                    return FieldLines.kilobytes(text, start, colon, end, file, lineNumber) * 1024;
                }
            }
            start = end + 1;
        }
        return -1;
    }

    /** The soft {@code Max processes} from the text of {@code /proc/self/limits}; -1 if unlimited or absent. */
    static long parseMaxProcesses(byte[] text) {
        for (int start = 0; start < text.length; ) {
            int end = FieldLines.lineEnd(text, start, text.length);
            if (startsWith(text, start, end, MAX_PROCESSES)) {
                int from = start + MAX_PROCESSES.length;
                while (from < end && ProcNumbers.isSpace(text[from])) {
                    from++;
                }
                int to = from;
                while (to < end && !ProcNumbers.isSpace(text[to])) {
                    to++;
                }
                if (startsWith(text, from, to, UNLIMITED)) {
                    return -1;
                }
                long soft = ProcNumbers.decimal(text, from, to);
                return soft == ProcNumbers.NOT_A_NUMBER ? -1 : soft;
            }
            start = end + 1;
        }
        return -1;
    }

    private static boolean startsWith(byte[] text, int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (text[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
