package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
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
}
