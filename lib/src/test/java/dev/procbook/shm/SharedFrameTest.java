package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.NoLeftovers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TimeColumn;

@ExtendWith(NoLeftovers.class)
class SharedFrameTest {

    /** Every column type a frame holds, each with a missing value in row 2. */
    static Table everyType(int rows) {
        Table t = Table.create("every type");
        IntColumn ints = IntColumn.create("int");
        LongColumn longs = LongColumn.create("long");
        DoubleColumn doubles = DoubleColumn.create("double");
        StringColumn strings = StringColumn.create("string");
        BooleanColumn bools = BooleanColumn.create("boolean");
        DateColumn dates = DateColumn.create("date");
        DateTimeColumn dateTimes = DateTimeColumn.create("datetime");
        TimeColumn times = TimeColumn.create("time");
        InstantColumn instants = InstantColumn.create("instant");
        for (int i = 0; i < rows; i++) {
            if (i == 2) {
                ints.appendMissing();
                longs.appendMissing();
                doubles.appendMissing();
                strings.appendMissing();
                bools.appendMissing();
                dates.appendMissing();
                dateTimes.appendMissing();
                times.appendMissing();
                instants.appendMissing();
                continue;
            }
            ints.append(i - 5);
            longs.append(i * 1_000_000_007L);
            doubles.append(i / 3.0);
            strings.append(new String[] {"chr1", "chr2", "chrX", "√unicode"}[i % 4]);
            bools.append(i % 3 == 0);
            dates.append(LocalDate.of(2024, 1, 1).plusDays(i));
            dateTimes.append(LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_000_000).plusMinutes(i));
            times.append(LocalTime.of(9, 30, 15, 250_000_000).plusSeconds(i));
            instants.append(Instant.ofEpochMilli(1_700_000_000_123L + i));
        }
        t.addColumns(ints, longs, doubles, strings, bools, dates, dateTimes, times, instants);
        return t;
    }

    @Test
    void everyColumnTypeReadsBackInPlaceWithMissingValues() {
        Table t = everyType(10);
        try (SharedFrame f = SharedFrame.publish(SharedSegmentTest.uniqueName("frame"), t)) {
            assertTrue(f.isOwner());
            assertEquals(10, f.rowCount());
            assertEquals(t.columnNames(), f.columnNames());
            for (int c = 0; c < t.columnCount(); c++) {
                FrameColumn col = f.column(t.column(c).name());
                for (int r = 0; r < 10; r++) {
                    Object expected = t.column(c).isMissing(r) ? null : t.column(c).get(r);
                    assertEquals(expected, col.get(r), col.name() + " row " + r);
                }
            }
            assertTrue(f.column("string").isDictionaryEncoded());
            assertEquals(-5 - 4 - 2 - 1 + 0 + 1 + 2 + 3 + 4, f.column("int").sumLong());
            assertNull(f.column("string").getString(2));
            assertTrue(f.column("boolean").getBoolean(3));
        }
    }

    @Test
    void toTableCopiesTheFrameIntoAnEqualTable() {
        Table t = everyType(7);
        try (SharedFrame f = SharedFrame.publish(SharedSegmentTest.uniqueName("copy"), t)) {
            Table copy = f.toTable();
            assertEquals(t.columnNames(), copy.columnNames());
            for (int c = 0; c < t.columnCount(); c++) {
                assertEquals(t.column(c).type(), copy.column(c).type(), t.column(c).name());
                assertEquals(t.column(c).asList(), copy.column(c).asList(), t.column(c).name());
            }
        }
    }

    @Test
    void anotherAttachSeesTheSameRowsAndCloseUnlinksOnlyForThePublisher() {
        String name = SharedSegmentTest.uniqueName("attach");
        Path path;
        try (SharedFrame published = SharedFrame.publish(name, everyType(5))) {
            path = published.path();
            try (SharedFrame attached = SharedFrame.attach(name)) {
                assertFalse(attached.isOwner());
                assertEquals(published.column("long").sumLong(), attached.column("long").sumLong());
            }
            assertTrue(Files.exists(path));
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void rowsInManyRecordBatchesReadAsOneFrame() {
        Table t = everyType(10_000);
        try (SharedFrame f = SharedFrame.publish(SharedSegmentTest.uniqueName("batches"), t, 16 << 10)) {
            assertTrue(f.batches().size() > 5, "batches=" + f.batches().size());
            assertEquals(10_000, f.rowCount());
            long expected = 0;
            for (int r = 0; r < t.rowCount(); r++) {
                expected += t.intColumn("int").isMissing(r) ? 0 : t.intColumn("int").getInt(r);
            }
            assertEquals(expected, f.column("int").sumLong());
            for (int r : new int[] {0, 2, 4095, 4096, 9_999}) {
                for (int c = 0; c < t.columnCount(); c++) {
                    Object want = t.column(c).isMissing(r) ? null : t.column(c).get(r);
                    assertEquals(want, f.column(t.column(c).name()).get(r), t.column(c).name() + " row " + r);
                }
            }
            assertEquals(t.stringColumn("string").asList(), f.toTable().stringColumn("string").asList(),
                    "one dictionary serves every batch");
        }
    }

    @Test
    void sumsOfColumnsWithoutMissingValuesReadEveryWidthAcrossBatches() {
        int rows = 10_000;
        ShortColumn shorts = ShortColumn.create("short");
        IntColumn ints = IntColumn.create("int");
        LongColumn longs = LongColumn.create("long");
        DoubleColumn doubles = DoubleColumn.create("double");
        FloatColumn floats = FloatColumn.create("float");
        long shortSum = 0;
        long intSum = 0;
        long longSum = 0;
        for (int i = 0; i < rows; i++) {
            shorts.append((short) (i % 100 - 50));
            ints.append(i - 5_000);
            longs.append(i * 1_000_000_007L);
            doubles.append(i / 4.0);
            floats.append(i / 4f);
            shortSum += i % 100 - 50;
            intSum += i - 5_000;
            longSum += i * 1_000_000_007L;
        }
        Table t = Table.create("no missing values", shorts, ints, longs, doubles, floats);
        try (SharedFrame f = SharedFrame.publish(SharedSegmentTest.uniqueName("sums"), t, 16 << 10)) {
            assertTrue(f.batches().size() > 5, "batches=" + f.batches().size());
            assertEquals(shortSum, f.column("short").sumLong());
            assertEquals(intSum, f.column("int").sumLong());
            assertEquals(longSum, f.column("long").sumLong());
            double quarters = (rows - 1) * (double) rows / 2 / 4; // exact in a double, whatever the order
            assertEquals(quarters, f.column("double").sum());
            assertEquals(quarters, f.column("float").sum());
            assertThrows(IllegalStateException.class, () -> f.column("double").sumLong());
        }
    }

    @Test
    void aFrameSerializesAsItsNameNotItsData() throws IOException {
        LongColumn a = LongColumn.create("a", 1_000_000);
        try (SharedFrame f = SharedFrame.publish(SharedSegmentTest.uniqueName("handle"), Table.create("t", a))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(f);
            }
            assertTrue(f.bytes() > 8_000_000);
            assertTrue(bytes.size() < 300, "serialized bytes=" + bytes.size());
        }
    }

    @Test
    void aTruncatedFileIsRefusedWithoutACrash() throws IOException {
        String name = SharedSegmentTest.uniqueName("whole");
        try (SharedFrame f = SharedFrame.publish(name, everyType(50))) {
            byte[] whole = Files.readAllBytes(f.path());
            for (int cut : new int[] {0, 5, 8, 100, whole.length / 2, whole.length - 11, whole.length - 1}) {
                String broken = SharedSegmentTest.uniqueName("truncated");
                Path p = Path.of("/dev/shm", broken);
                Files.write(p, Arrays.copyOf(whole, cut));
                try {
                    FrameFormatException e = assertThrows(FrameFormatException.class, () -> SharedFrame.attach(broken));
                    assertEquals(broken, e.name());
                } finally {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void corruptBytesNeverCrashTheJvm() throws IOException {
        String name = SharedSegmentTest.uniqueName("original");
        try (SharedFrame f = SharedFrame.publish(name, everyType(50))) {
            byte[] whole = Files.readAllBytes(f.path());
            Random random = new Random(12);
            int refused = 0;
            for (int round = 0; round < 300; round++) {
                byte[] bad = whole.clone();
                for (int k = 0; k < 4; k++) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
                String broken = SharedSegmentTest.uniqueName("corrupt");
                Path p = Path.of("/dev/shm", broken);
                Files.write(p, bad);
                try (SharedFrame g = SharedFrame.attach(broken)) {
                    g.toTable(); // values may be wrong, but reading stays inside the mapping
                } catch (RuntimeException e) {
                    refused++;
                } finally {
                    Files.delete(p);
                }
            }
            assertTrue(refused > 0, "some corruptions were noticed");
        }
    }

    @Test
    void compressedAndDeltaDictionaryFilesAreRefusedByName() throws IOException {
        String compressed = SharedSegmentTest.uniqueName("lz4");
        String delta = SharedSegmentTest.uniqueName("delta");
        String plain = SharedSegmentTest.uniqueName("plain");
        try {
            HandWrittenArrowFiles.write(Path.of("/dev/shm", compressed), true, false);
            HandWrittenArrowFiles.write(Path.of("/dev/shm", delta), false, true);
            HandWrittenArrowFiles.write(Path.of("/dev/shm", plain), false, false);
            UnsupportedFrameException c = assertThrows(UnsupportedFrameException.class,
                    () -> SharedFrame.attach(compressed));
            assertEquals("compression=LZ4_FRAME", c.feature());
            UnsupportedFrameException d = assertThrows(UnsupportedFrameException.class,
                    () -> SharedFrame.attach(delta));
            assertEquals("delta dictionary id=0", d.feature());
            try (SharedFrame ok = SharedFrame.attach(plain)) {
                assertEquals(Arrays.asList("a", "b", "a"), ok.toTable().stringColumn("s").asList());
            }
        } finally {
            for (String n : new String[] {compressed, delta, plain}) {
                Files.deleteIfExists(Path.of("/dev/shm", n));
            }
        }
    }

    @Test
    void publishingAnExistingNameOrAMissingAttachIsNamed() {
        String name = SharedSegmentTest.uniqueName("exists");
        try (SharedFrame f = SharedFrame.publish(name, everyType(3))) {
            assertThrows(SegmentExistsException.class, () -> SharedFrame.publish(name, everyType(3)));
        }
        SegmentNotFoundException e = assertThrows(SegmentNotFoundException.class, () -> SharedFrame.attach(name));
        assertTrue(e.getMessage().contains(name));
    }

    @Test
    void theStandbyWarmUpRunsAndLeavesNothingInDevShm() {
        new FrameWarmup().warm(); // NoLeftovers checks /dev/shm afterwards
    }

    @Test
    void aCopyOnWriteAttachKeepsWritesToItself() {
        String name = SharedSegmentTest.uniqueName("cowframe");
        try (SharedFrame f = SharedFrame.publish(name, everyType(5));
             SharedFrame mine = SharedFrame.attachCopyOnWrite(name)) {
            org.apache.arrow.vector.BigIntVector v = (org.apache.arrow.vector.BigIntVector)
                    mine.column("long").vectors().get(0);
            v.set(0, 42);
            assertEquals(42, mine.column("long").getLong(0));
            assertEquals(0, f.column("long").getLong(0));
        }
    }
}
