package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.SerializableFunction;
import dev.procbook.process.wire.CellSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and two workers on 127.0.0.1 run cell code with a top-level variable, finish a job although one of its
 * executors is killed in the middle, and leave no process or temporary file behind.
 */
@Timeout(300)
class LoopbackClusterIT {

    @Test
    void cellCodeRunsOnTwoWorkersAndAJobOutlivesAKilledExecutor(@TempDir Path dir) throws Exception {
        Set<String> tmpBefore = tmpEntries();
        List<ProcessHandle> seen = new ArrayList<>();
        Path clusterDir;
        try (CellSources.Loader cells = SparkCells.compile(dir);
             LoopbackCluster cluster = LoopbackCluster.start(SparkHome.find(), 2, true)) {
            clusterDir = cluster.workDir();
            assertTrue(cluster.masterUrl().startsWith("spark://127.0.0.1:"), cluster.masterUrl());
            Class<?> cell = cells.loadClass("cell.Cell");
            cell.getMethod("setUp", int.class).invoke(null, 5);
            @SuppressWarnings("unchecked")
            SerializableFunction<Integer, Object> scale =
                    (SerializableFunction<Integer, Object>) cell.getMethod("scale").invoke(null);
            @SuppressWarnings("unchecked")
            SerializableFunction<Integer, Object> slowScale =
                    (SerializableFunction<Integer, Object>) cell.getMethod("slowScale", long.class).invoke(null, 400L);
            List<Integer> items = IntStream.rangeClosed(1, 24).boxed().toList();
            List<String> expected = items.stream().map(x -> "Scaled[item=" + x + ", value=" + 5L * x + "]").toList();

            try (SparkDriver driver = SparkDriver.start(cluster.masterUrl()); SparkPool pool = driver.pool()) {
                assertEquals(expected, strings(pool.map(scale, items)));
                assertEquals(2, cluster.executors().size());
                seen.addAll(cluster.processes());
                // both executors' heartbeats reach the listener: heap and process-tree RSS, as for a remote one
                while (reported(driver.executorMemory()) < 2) {
                    Thread.sleep(100);
                }

                CompletableFuture<List<Object>> slow = CompletableFuture.supplyAsync(() -> pool.map(slowScale, items, 1));
                while (driver.context().statusTracker().getActiveJobIds().length == 0 || runningTasks(driver) < 2) {
                    Thread.sleep(20);
                }
                ProcessHandle victim = cluster.executors().get(0);
                assertTrue(victim.destroyForcibly());
                victim.onExit().get();
                assertEquals(expected, strings(slow.get()), "the job finishes on what remains and what replaces it");
                seen.addAll(cluster.processes());
            }
        }
        for (ProcessHandle p : seen) {
            assertFalse(p.isAlive(), "left running: " + p.pid() + " " + p.info().commandLine().orElse(""));
        }
        assertFalse(Files.exists(clusterDir), "cluster folder left: " + clusterDir);
        assertEquals(Set.of(), difference(tmpEntries(), tmpBefore), "left in the temporary folder");
    }

    private static int reported(tech.tablesaw.api.Table memory) {
        int n = 0;
        for (int i = 0; i < memory.rowCount(); i++) {
            if (!memory.doubleColumn("heap_peak_mib").isMissing(i) && !memory.doubleColumn("rss_peak_mib").isMissing(i)
                    && memory.doubleColumn("rss_peak_mib").getDouble(i) > 50) {
                n++;
            }
        }
        return n;
    }

    private static int runningTasks(SparkDriver driver) {
        int n = 0;
        for (var e : driver.context().sc().statusTracker().getExecutorInfos()) {
            n += e.numRunningTasks();
        }
        return n;
    }

    private static List<String> strings(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
    }

    /** Entries of the temporary folder that Spark or this module would make. */
    private static Set<String> tmpEntries() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("spark-") || n.startsWith("blockmgr-") || n.startsWith("procbook-spark"))
                    .collect(Collectors.toSet());
        }
    }

    private static Set<String> difference(Set<String> after, Set<String> before) {
        return after.stream().filter(n -> !before.contains(n)).collect(Collectors.toSet());
    }
}
