package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders of killed drivers and clusters are swept; a live owner's folder, or an unmarked one, is kept. */
class AbandonedFoldersTest {

    private static Path folder(Path tmp, String name, String owner) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(AbandonedFolders.PREFIX + name));
        Files.writeString(dir.resolve("master.log"), "a log");
        if (owner != null) {
            Files.writeString(dir.resolve(".owner"), owner);
        }
        return dir;
    }

    @Test
    void aFolderWhoseOwnerExitedIsDeletedAndOthersAreKept(@TempDir Path tmp) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ProcessHandle me = ProcessHandle.current();
        String myStart = me.info().startInstant().orElseThrow().toString();
        Path dead = folder(tmp, "cluster-dead", gone.pid() + "@2026-01-01T00:00:00Z");
        Path reused = folder(tmp, "driver-reused", me.pid() + "@1970-01-01T00:00:00Z");
        Path mine = folder(tmp, "driver-mine", me.pid() + "@" + myStart);
        Path unmarked = folder(tmp, "cluster-unmarked", null);

        List<Path> swept = AbandonedFolders.sweep(tmp);

        assertEquals(List.of(dead, reused).stream().sorted().toList(), swept.stream().sorted().toList());
        assertTrue(Files.exists(mine));
        assertTrue(Files.exists(unmarked));
    }
}
