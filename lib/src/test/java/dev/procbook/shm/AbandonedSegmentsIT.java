package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.NoLeftovers;
import dev.procbook.process.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/** What a process killed with SIGKILL left in /dev/shm is reclaimed; what a living process owns is not. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class AbandonedSegmentsIT {

    /** Held in the worker, as a kernel holds what its cells made. */
    static SharedSegment heldSegment;
    static SharedFrame heldFrame;

    @Test
    void segmentsAndFramesOfAKilledProcessAreReclaimedAndALivingOnesAreNot() {
        String segment = SharedSegmentTest.uniqueName("killed-segment");
        String frame = SharedSegmentTest.uniqueName("killed-frame");
        String mine = SharedSegmentTest.uniqueName("living");
        long workerPid;
        try (SharedSegment living = SharedSegment.create(mine, 4096)) {
            Worker w = Worker.start();
            workerPid = w.pid();
            w.call(() -> {
                heldSegment = SharedSegment.create(segment, 1 << 20);
                heldFrame = SharedFrame.publish(frame, Table.create("t", LongColumn.create("x", 1000)));
                return true;
            });
            assertEquals(Set.of(segment, frame), Set.copyOf(AbandonedSegments.ownedBy(workerPid)));
            w.terminate(); // SIGKILL: nothing unlinks
            assertTrue(Files.exists(Path.of("/dev/shm", segment)), "a killed owner leaves its segment");
            assertTrue(Files.exists(Path.of("/dev/shm", frame)), "and its frame");

            List<String> reclaimed = AbandonedSegments.reclaim();

            assertTrue(reclaimed.containsAll(List.of(segment, frame)), "reclaimed=" + reclaimed);
            assertFalse(reclaimed.contains(mine), "a living owner's segment stays");
            assertFalse(Files.exists(Path.of("/dev/shm", segment)));
            assertFalse(Files.exists(Path.of("/dev/shm", frame)));
            assertTrue(Files.exists(living.path()));
            assertTrue(AbandonedSegments.ownedBy(workerPid).isEmpty(), "the lease is gone too");
        }
    }

    @Test
    void aNameTakenAgainAfterItsOwnerDiedIsLeftAlone() {
        String name = SharedSegmentTest.uniqueName("reused");
        Worker w = Worker.start();
        long pid = w.pid();
        w.call(() -> {
            heldSegment = SharedSegment.create(name, 4096);
            return true;
        });
        w.terminate();
        try {
            Files.delete(Path.of("/dev/shm", name)); // someone unlinked it by hand
            try (SharedSegment again = SharedSegment.create(name, 4096)) {
                assertFalse(AbandonedSegments.reclaim().contains(name), "another inode: not the dead owner's");
                assertTrue(Files.exists(again.path()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertTrue(AbandonedSegments.ownedBy(pid).isEmpty());
    }
}
