package dev.procbook.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Headlines kept in the file that {@code $PROCBOOK_HEADLINES} names: set by failsafe/surefire for this test. */
class HeadlinesTest {

    @Test
    void aFigureRecordedAgainReplacesTheOldOneAndOthersStay() throws Exception {
        Path file = Headlines.file();
        Files.deleteIfExists(file);
        assertEquals(0, Headlines.table().rowCount(), "nothing recorded yet");
        Headlines.record("07-fork-vs-spawn", "Pool(2) start", 300, "ms");
        Headlines.record("05-pipes-and-queues", "pipe 64 B", 2e6, "msgs/s");
        Headlines.record("07-fork-vs-spawn", "Pool(2) start", 250, "ms");
        assertEquals(2, Headlines.all().size());
        assertEquals("05-pipes-and-queues", Headlines.all().get(0).notebook(), "sorted by notebook");
        assertEquals(250, Headlines.all().get(1).value());
        assertTrue(Headlines.table().stringColumn("figure").contains("pipe 64 B"));
    }

    @Test
    void aFigureWithoutNameOrValueIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Headlines.record("", "x", 1, "ms"));
        assertThrows(IllegalArgumentException.class, () -> Headlines.record("n", "x", Double.NaN, "ms"));
    }
}
