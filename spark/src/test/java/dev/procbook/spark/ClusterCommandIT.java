package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./procbook spark-cluster start | status | stop}: a cluster that outlives the command, then nothing left. */
@Timeout(180)
class ClusterCommandIT {

    @Test
    void startRecordsTheClusterAndStopLeavesNothing(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("state.properties");
        String url = ClusterCommand.run(List.of("start", "--workers", "1", "--state", state.toString()));
        assertTrue(url.startsWith("spark://127.0.0.1:"), url);
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(state)) {
            p.load(in);
        }
        Path clusterDir = Path.of(p.getProperty("dir"));
        List<ProcessHandle> daemons = List.of(p.getProperty("pids").split(",")).stream()
                .map(e -> ProcessHandle.of(Long.parseLong(e.split("@")[0])).orElseThrow()).toList();
        assertEquals(2, daemons.size());
        assertFalse(AbandonedFolders.isAbandoned(clusterDir), "owned by its master, which runs");
        assertTrue(ClusterCommand.run(List.of("status", "--state", state.toString())).contains("running=2"));
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> ClusterCommand.run(List.of("start", "--state", state.toString())));
        assertTrue(twice.getMessage().contains(url), twice.getMessage());

        assertEquals("stopped: master=" + url + ", processes=2",
                ClusterCommand.run(List.of("stop", "--state", state.toString())));
        daemons.forEach(d -> assertFalse(d.isAlive(), "left running: " + d.pid()));
        assertFalse(Files.exists(clusterDir));
        assertFalse(Files.exists(state));
        assertThrows(IllegalArgumentException.class, () -> ClusterCommand.run(List.of("start", "--workers", "0",
                "--state", state.toString())));
    }
}
