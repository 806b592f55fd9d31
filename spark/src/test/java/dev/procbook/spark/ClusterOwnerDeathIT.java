package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel killed with its cluster running (here a JVM standing for it, killed with SIGKILL) leaves no process:
 * master and worker see their pipe from it close and exit, the worker stopping its executor; the folder it left is
 * swept by the next driver or cluster made on this machine.
 */
@Timeout(240)
class ClusterOwnerDeathIT {

    @Test
    void killingTheOwnerEndsMasterWorkerAndExecutor(@TempDir Path dir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), ClusterOwner.class.getName(),
                SparkHome.find().dir().toString());
        pb.redirectError(dir.resolve("owner.err").toFile());
        Process owner = pb.start();
        List<Long> pids = new ArrayList<>();
        Path clusterDir = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                StandardCharsets.UTF_8))) {
            // "dirs" comes last; the owner then sleeps, so no line is read after it
            while (clusterDir == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                } else if (line.startsWith("pids ")) {
                    Arrays.stream(line.substring(5).split(" ")).map(Long::parseLong).forEach(pids::add);
                } else if (line.startsWith("dirs ")) {
                    clusterDir = Path.of(line.substring(5));
                }
            }
        } finally {
            owner.destroyForcibly();
            owner.waitFor();
        }
        assertEquals(3, pids.size(), "master, worker and executor: " + Files.readString(dir.resolve("owner.err")));
        for (long pid : pids) {
            var process = ProcessHandle.of(pid);
            if (process.isPresent()) {
                try {
                    process.get().onExit().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    process.get().destroyForcibly();
                    throw new AssertionError("still running a minute after its owner died: pid=" + pid);
                }
            }
        }
        assertTrue(clusterDir != null && Files.exists(clusterDir), "the owner printed no folder");
        assertTrue(AbandonedFolders.sweep(clusterDir.getParent()).contains(clusterDir));
        assertFalse(Files.exists(clusterDir));
    }
}
