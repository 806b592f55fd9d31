package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.procbook.process.NoLeftovers;
import dev.procbook.testing.Await;
import dev.procbook.testing.StopAnywhere;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tech.tablesaw.api.Table;

class PssExperimentIT {

    @Test
    void pssSplitsSharedPagesBetweenMappers() {
        Path segment;
        long[] pids;
        try (PssExperiment e = PssExperiment.start()) {
            segment = e.segment();
            pids = e.pids();
            Table t = e.measure();
            System.out.println(t.print());
            for (int i = 0; i < 2; i++) {
                double expected = t.doubleColumn("expected_pss_mib").getDouble(i);
                double measured = t.doubleColumn("measured_pss_mib").getDouble(i);
                assertEquals(expected, measured, expected * 0.02, t.stringColumn("process").get(i));
                assertEquals(50.0, t.doubleColumn("segment_pss_mib").getDouble(i), 1.0);
            }
            assertEquals(100.0, t.doubleColumn("expected_pss_mib").getDouble(0));
            assertEquals(350.0, t.doubleColumn("expected_pss_mib").getDouble(1));
        }
        assertFalse(Files.exists(segment), "segment unlinked: " + segment);
        assertTrue(Arrays.stream(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false)), "children gone");
    }

    /** A stop that lands in the close's first bytecodes, before it released anything, leaves no process and no segment. */
    @Test
    @Timeout(300)
    void aStopThatLandsBeforeTheCloseBeganLeavesNoProcessAndNoSegment() throws Exception {
        StopAnywhere.assumeThreadsCanBeStopped();
        Set<String> before = NoLeftovers.shmFiles();
        StopAnywhere.repeat(() -> {
            try (PssExperiment e = PssExperiment.start(1L << 20, 1L << 20, 1L << 20)) {
                e.pids();
            }
        }, "dev.procbook.memory.PssExperiment.close", StopAnywhere.Where.BEFORE_FIRST_CALL, 3, 60, when -> {
            Await.until("no process to be left " + when, () -> NoLeftovers.children().isEmpty());
            Set<String> left = new TreeSet<>(NoLeftovers.shmFiles());
            left.removeAll(before);
            left.removeIf(name -> !name.startsWith("procbook-pss-")); // other tests' segments may come and go
            assertEquals(Set.of(), left, "segments left " + when);
        });
    }
}
