package dev.procbook.process.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The private directory (mode 0700) that holds this process's socket files, under {@code $XDG_RUNTIME_DIR} when
 * it is usable, else under {@code java.io.tmpdir}; directories left by processes that died are removed.
 */
public final class SocketDirectory {

    private static final String PREFIX = "procbook-";

    private SocketDirectory() {
    }

    /** A new private directory (mode 0700) for this process's socket files, named after its pid. */
    public static Path create() {
        Path base = base();
        removeStale(base);
        try {
            return Files.createTempDirectory(base, PREFIX + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create socket directory: base=" + base, e);
        }
    }

    private static Path base() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty() && Files.isDirectory(Paths.get(xdg)) && Files.isWritable(Paths.get(xdg))) {
            return Paths.get(xdg);
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    private static void removeStale(Path base) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path dir : dirs) {
                long pid = ownerPid(dir.getFileName().toString());
                if (pid > 0 && ProcessHandle.of(pid).isEmpty() && Files.isWritable(dir)) {
                    delete(dir);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // another user's or a racing process's directory: not ours to clean
        }
    }

    static long ownerPid(String dirName) {
        String rest = dirName.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(rest.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Removes {@code dir} and everything in it, as far as it can. */
    public static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a later start removes it as stale
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
