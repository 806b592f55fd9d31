package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.memory.ProcessMemoryReader;
import dev.procbook.memory.SmapsMapping;
import dev.procbook.process.NoLeftovers;
import dev.procbook.process.Worker;
import java.io.Serializable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A copy-on-write mapping shares the pages it reads and copies only the pages it writes, as smaps shows. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class PrivateMappingIT {

    private static final long SIZE = 64L << 20;
    private static final int PAGES_WRITTEN = 100;
    private static final long PAGE = 4096;

    /** Held in the worker between tasks. */
    static PrivateMapping held;

    /** The worker's view of its copy-on-write mapping and of itself. */
    record Reading(long sum, long mappingPss, long mappingShared, long mappingPrivateDirty, long processUss)
            implements Serializable {
    }

    @Test
    void readsSharePagesAndAWriteCopiesOnlyThePagesItTouches() {
        String name = SharedSegmentTest.uniqueName("cow");
        try (SharedSegment s = SharedSegment.create(name, SIZE); Worker w = Worker.start()) {
            s.bytes().fill((byte) 1); // every page resident and mapped here, by the creator
            Reading read = w.call(() -> {
                held = PrivateMapping.ofSegment(name);
                return reading(held.bytes().sum(), name);
            });
            Reading written = w.call(() -> {
                held.touchPages(PAGES_WRITTEN);
                Reading r = reading(held.bytes().sum(), name);
                held.close();
                return r;
            });
            assertEquals(SIZE, read.sum());
            assertEquals(SIZE, written.sum(), "writing a byte's own value changes nothing readable");
            assertEquals(0, read.mappingPrivateDirty(), "reading copies nothing");
            assertEquals(SIZE, read.mappingShared(), "every page read is shared with the creator");
            assertEquals(SIZE / 2.0, read.mappingPss(), SIZE * 0.01, "two mappers: half each");
            assertEquals(PAGES_WRITTEN * PAGE, written.mappingPrivateDirty() - read.mappingPrivateDirty(),
                    "exactly the pages written became private");
            assertEquals(SIZE - PAGES_WRITTEN * PAGE, written.mappingShared());
            long ussGrowth = written.processUss() - read.processUss();
            assertTrue(ussGrowth >= PAGES_WRITTEN * PAGE && ussGrowth < PAGES_WRITTEN * PAGE + (4L << 20),
                    "USS grew by the pages written: growth=" + ussGrowth);
            assertEquals(1, s.bytes().get(0), "the segment did not change");
        }
    }

    static Reading reading(long sum, String name) {
        long pid = ProcessHandle.current().pid();
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            long pss = 0;
            long shared = 0;
            long dirty = 0;
            for (SmapsMapping m : reader.mappings(pid)) {
                if (m.path().equals("/dev/shm/" + name)) {
                    pss += m.pss();
                    shared += m.field("Shared_Clean").orElse(0) + m.field("Shared_Dirty").orElse(0);
                    dirty += m.field("Private_Dirty").orElse(0);
                }
            }
            return new Reading(sum, pss, shared, dirty, reader.read(pid).uss());
        }
    }
}
