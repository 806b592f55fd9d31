package dev.procbook.shm;

import dev.procbook.process.WorkerWarmup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Warms a standby worker for shared frames: writes a small frame, attaches it a few dozen times, and sums each of its
 * columns a few thousand times, so that Arrow's classes are loaded, its allocator made, and the attach path and the
 * sum loops ({@link ColumnSums}) compiled by C2 before a task attaches a real frame. The columns have no missing
 * values, as a large column usually has none: the loops warmed are those such a column takes. The file is unlinked
 * as soon as it is open, and nothing goes to /dev/shm, so a standby worker killed while it warms up leaves nothing
 * behind.
 */
public final class FrameWarmup implements WorkerWarmup {

    /** Rows of the warm-up frame: enough iterations a call for C2 to compile a loop after a few hundred calls. */
    private static final int ROWS = 4096;
    private static final int ATTACHES = 50;
    /** Calls of each sum: past C2's invocation thresholds (600 with many iterations, 5000 without). */
    private static final int SUMS = 2000;

    @Override
    public void warm() {
        Table table = Table.create("warm-up", DoubleColumn.create("double", ROWS), IntColumn.create("int", ROWS),
                LongColumn.create("long", ROWS));
        for (int i = 0; i < ROWS; i++) {
            table.doubleColumn(0).set(i, i);
            table.intColumn(1).set(i, i);
            table.longColumn(2).set(i, i);
        }
        try {
            Path file = Files.createTempFile("procbook-warmup-", ".arrow");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                Files.delete(file);
                new FrameWriter(table, SharedFrame.allocator()).write(ch);
                for (int i = 0; i < ATTACHES; i++) {
                    FrameReader.Attached a = FrameReader.attach("warm-up", ch, FileChannel.MapMode.READ_WRITE,
                            SharedFrame.allocator());
                    try {
                        new FrameColumn("warm-up", 2, a.batches(), a.dictionaries()).sumLong();
                        if (i == ATTACHES - 1) {
                            sumColumns(a);
                        }
                    } finally {
                        a.close();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not warm up shared frames", e);
        }
    }

    private static void sumColumns(FrameReader.Attached a) {
        FrameColumn doubles = new FrameColumn("warm-up", 0, a.batches(), a.dictionaries());
        FrameColumn ints = new FrameColumn("warm-up", 1, a.batches(), a.dictionaries());
        FrameColumn longs = new FrameColumn("warm-up", 2, a.batches(), a.dictionaries());
        double total = 0;
        for (int i = 0; i < SUMS; i++) {
            total += doubles.sum() + ints.sumLong() + longs.sumLong();
        }
        long expected = 3L * SUMS * ROWS * (ROWS - 1) / 2;
        if (total != expected) {
            throw new IllegalStateException("warm-up sums wrong: total=" + total + ", expected=" + expected);
        }
    }
}
