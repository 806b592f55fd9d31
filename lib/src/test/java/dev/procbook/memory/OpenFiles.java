package dev.procbook.memory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** This JVM's open file descriptors, from {@code /proc/self/fd}, for tests that files are kept and closed. */
final class OpenFiles {

    private OpenFiles() {
    }

    /** Returns descriptor to path for every open file under {@code dir} (a {@code /proc/PID} or a fixture root). */
    static Map<Integer, String> under(Path dir) throws IOException {
        String prefix = dir.toString() + "/";
        Map<Integer, String> open = new TreeMap<>();
        for (Map.Entry<Integer, String> e : all().entrySet()) {
            if (e.getValue().startsWith(prefix)) {
                open.put(e.getKey(), e.getValue());
            }
        }
        return open;
    }

    /** Returns descriptor to path for every open file under any of {@code dirs}. */
    static Map<Integer, String> under(java.util.Collection<Path> dirs) throws IOException {
        Map<Integer, String> open = new TreeMap<>();
        for (Path dir : dirs) {
            open.putAll(under(dir));
        }
        return open;
    }

    /** Returns descriptor to path for the open files of this JVM that are paths, not pipes or sockets. */
    static Map<Integer, String> paths() throws IOException {
        Map<Integer, String> open = all();
        open.values().removeIf(target -> !target.startsWith("/"));
        return open;
    }

    /** Returns descriptor to path for every open file of this JVM but the listing's own. */
    static Map<Integer, String> all() throws IOException {
        Map<Integer, String> open = new TreeMap<>();
        Path self = Path.of("/proc/self/fd");
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(self)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.equals(self.toRealPath().toString())) {
                        open.put(Integer.parseInt(fd.getFileName().toString()), target);
                    }
                } catch (NoSuchFileException closedMeanwhile) {
                    // closed by another thread while listing
                }
            }
        }
        return open;
    }
}
