package dev.procbook.shm;

import dev.procbook.process.WorkerWarmup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Warms a standby worker for shared frames: writes a small frame and attaches and sums it a few hundred times, so
 * that Arrow's classes are loaded, its allocator made, and the read paths compiled before a task attaches a real
 * frame. The file is unlinked as soon as it is open, and nothing goes to /dev/shm, so a standby worker killed while
 * it warms up leaves nothing behind.
 */
public final class FrameWarmup implements WorkerWarmup {

    @Override
    public void warm() {
        Table table = Table.create("warm-up", LongColumn.create("x", 4096));
        try {
            Path file = Files.createTempFile("procbook-warmup-", ".arrow");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                Files.delete(file);
                new FrameWriter(table, SharedFrame.allocator()).write(ch);
                for (int i = 0; i < 50; i++) {
                    FrameReader.Attached a = FrameReader.attach("warm-up", ch, FileChannel.MapMode.READ_WRITE,
                            SharedFrame.allocator());
                    try {
                        new FrameColumn("warm-up", 0, a.batches(), a.dictionaries()).sumLong();
                    } finally {
                        a.close();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not warm up shared frames", e);
        }
    }
}
