package dev.procbook.memory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads {@code /proc} pseudo-files in one read each and maps the kernel's errors to this package's outcomes. */
final class ProcText {

    private ProcText() {
    }

    /**
     * Reads all of {@code file}, which belongs to {@code pid}, as text.
     *
     * @throws ProcessExitedException if the file is gone or the kernel answers ESRCH, as it does for an exiting process
     * @throws ProcessAccessDeniedException if the kernel refuses to open the file
     */
    static String read(long pid, Path file) {
        return read(pid, file, StandardCharsets.ISO_8859_1);
    }

    /** Reads {@code file} like {@link #read(long, Path)}, decoding it with {@code charset}. */
    static String read(long pid, Path file, Charset charset) {
        return new String(readBytes(pid, file), charset);
    }

    /** Reads all of {@code file}, which belongs to {@code pid}, like {@link #read(long, Path)}, as bytes. */
    static byte[] readBytes(long pid, Path file) {
        // A stream reads in 8 KiB chunks; Files.readAllBytes sees size 0 and starts with a 1-byte read.
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw ProcFile.failure(pid, file, e);
        }
    }

    /** The bytes of {@code lines}, each ended by {@code '\n'}: the text a parser given lines reads. */
    static byte[] join(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            b.append(line).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
