package dev.procbook.memory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code smem}, run from Java: the PSS, RSS and USS that another program reads from the same {@code /proc}
 * files, to check {@link ProcessMemoryReader}'s figures against.
 *
 * <pre>{@code
 * if (Smem.isInstalled()) {
 *     SmemFigures a = Smem.read("procbook-pss").get(pid);
 * }
 * }</pre>
 * {@code smem} is itself a Python process that maps the same interpreter as the processes it reads, so while it runs
 * their shared pages are split among one more process, and its PSS of them can come out slightly lower than a
 * reading taken without it.
 */
public final class Smem {

    private static final long TIMEOUT_SECONDS = 60;

    private Smem() {
    }

    /** Where {@code smem} is: {@code /usr/bin/smem}, else the first on {@code PATH}; empty if it is not installed. */
    public static Optional<Path> command() {
        Path debian = Path.of("/usr/bin/smem");
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "smem");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code smem} is installed ({@code apt-get install smem}). */
    public static boolean isInstalled() {
        return command().isPresent();
    }

    /**
     * Runs {@code smem -H -c "pid pss rss uss" -P pattern}: the processes of this user whose command line matches the
     * regular expression {@code pattern}, smem's own among them (its command line holds the pattern).
     *
     * @return smem's figures by pid, in pid order
     * @throws SmemFailedException if smem is not installed, cannot start, exits non-zero, runs over a minute or the
     *                             thread is interrupted while it runs (the interrupt flag is then set again)
     * @throws ProcParseException  if smem prints a line that is not four numbers
     */
    public static Map<Long, SmemFigures> read(String pattern) {
        List<String> command = List.of(command().map(Path::toString).orElse("smem"), "-H", "-c", "pid pss rss uss",
                "-P", pattern);
        String shown = String.join(" ", command);
        if (!isInstalled()) {
            throw new SmemFailedException(shown, "reason=not installed (apt-get install smem)", null);
        }
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new SmemFailedException(shown, "reason=cannot start: " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new SmemFailedException(shown, "reason=still running after " + TIMEOUT_SECONDS + " s", null);
            }
            if (p.exitValue() != 0) {
                throw new SmemFailedException(shown, "exitCode=" + p.exitValue() + ", output=" + out.strip(), null);
            }
            return parse(out);
        } catch (IOException e) {
            throw new SmemFailedException(shown, "reason=cannot read its output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmemFailedException(shown, "reason=interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Parses what {@code smem -H -c "pid pss rss uss"} prints: a line a process, four numbers, sizes in KiB.
     *
     * @throws ProcParseException naming the line if it is not four numbers
     */
    static Map<Long, SmemFigures> parse(String output) {
        Map<Long, SmemFigures> byPid = new TreeMap<>();
        List<String> lines = output.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            try {
                if (f.length != 4) {
                    throw new NumberFormatException("fields=" + f.length);
                }
                long pid = Long.parseLong(f[0]);
                byPid.put(pid, new SmemFigures(pid, Long.parseLong(f[1]) * 1024, Long.parseLong(f[2]) * 1024,
                        Long.parseLong(f[3]) * 1024));
            } catch (NumberFormatException e) {
                throw new ProcParseException("smem output", i + 1, lines.get(i), "expected pid, pss, rss and uss");
            }
        }
        return byPid;
    }
}
