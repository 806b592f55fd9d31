package dev.procbook.shm;

import dev.procbook.process.WorkerWarmup;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Warms a standby worker for shared frames: publishes, attaches and sums a small frame a few times, so that Arrow's
 * classes are loaded, its allocator made, and the read paths compiled before a task attaches a real frame.
 */
public final class FrameWarmup implements WorkerWarmup {

    @Override
    public void warm() {
        LongColumn x = LongColumn.create("x", 1 << 16);
        String name = ".procbook-warmup-" + ProcessHandle.current().pid();
        try (SharedFrame published = SharedFrame.publish(name, Table.create("warm-up", x))) {
            published.column("x").sumLong();
            for (int i = 0; i < 200; i++) {
                try (SharedFrame f = SharedFrame.attach(name)) {
                    f.column("x").sumLong();
                }
            }
        }
    }
}
