package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.memory.ProcessMemoryReader;
import dev.procbook.process.NoLeftovers;
import dev.procbook.process.Pool;
import dev.procbook.process.Worker;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/** A frame reaches pool tasks as its name, and attaching maps it without reading or copying it. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class FramePoolIT {

    private static final int ROWS = 32 << 20; // 256 MiB of longs

    record Seen(long pid, boolean owner, long rows, long sum) implements Serializable {
    }

    record Attach(long rssBefore, long rssAttached, long rssSummed, long sum) implements Serializable {
    }

    static Table data() {
        LongColumn a = LongColumn.create("a", ROWS);
        LongColumn b = LongColumn.create("b", ROWS);
        for (int i = 0; i < ROWS; i++) {
            a.set(i, 1);
            b.set(i, i % 7);
        }
        return Table.create("data", a, b);
    }

    @Test
    void poolTasksReceiveTheFrameByNameAndAttachItInTheirOwnProcess() {
        try (SharedFrame frame = SharedFrame.publish(SharedSegmentTest.uniqueName("pool"), data());
             Pool pool = Pool.create(2)) {
            List<Seen> seen = pool.map(column -> new Seen(ProcessHandle.current().pid(), frame.isOwner(),
                    frame.rowCount(), frame.column(column).sumLong()), List.of("a", "b"));
            assertEquals(ROWS, seen.get(0).sum());
            assertEquals(frame.column("b").sumLong(), seen.get(1).sum());
            for (Seen s : seen) {
                assertTrue(pool.pids().contains(s.pid()), "ran in a worker: " + s);
                assertEquals(false, s.owner(), "the worker attached, it did not publish");
                assertEquals(ROWS, s.rows());
            }
        }
    }

    @Test
    void aDoubleColumnMadeBeforeAnyOtherTablesawClassPublishes() {
        String name = SharedSegmentTest.uniqueName("double-first");
        try (Worker w = Worker.start()) {
            double sum = w.call(() -> {
                // the first Tablesaw class this fresh JVM initializes: its column type is then equal to
                // ColumnType.DOUBLE but another instance
                DoubleColumn x = DoubleColumn.create("x", new double[] {1.5, 2.5});
                try (SharedFrame f = SharedFrame.publish(name, Table.create("t", x))) {
                    return f.column("x").sum();
                }
            });
            assertEquals(4.0, sum);
        }
    }

    @Test
    void attachingMapsWithoutTouchingThePagesAndReadingSharesThem() {
        try (SharedFrame frame = SharedFrame.publish(SharedSegmentTest.uniqueName("lazy"), data());
             Worker w = Worker.start()) {
            String name = frame.name();
            Attach a = w.call(() -> {
                try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
                    long pid = ProcessHandle.current().pid();
                    SharedFrame.attach(name).close(); // Arrow's classes loaded, as in a worker that attached before
                    long before = reader.read(pid).rss();
                    try (SharedFrame f = SharedFrame.attach(name)) {
                        long attached = reader.read(pid).rss();
                        long sum = f.column("a").sumLong();
                        return new Attach(before, attached, reader.read(pid).rss(), sum);
                    }
                }
            });
            long mib = 1 << 20;
            assertEquals(ROWS, a.sum());
            assertTrue(a.rssAttached() - a.rssBefore() < 8 * mib,
                    "attaching 512 MiB touched none of it: grew by " + (a.rssAttached() - a.rssBefore()) / mib + " MiB");
            assertTrue(a.rssSummed() - a.rssAttached() > 200 * mib,
                    "summing column a mapped its 256 MiB: grew by " + (a.rssSummed() - a.rssAttached()) / mib + " MiB");
        }
    }
}
