package dev.procbook.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.shm.SharedFrame;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TimeColumn;

/** A shared frame into a Spark Dataset and back, through Arrow. */
@Timeout(180)
class SparkFramesIT {

    private static final String PREFIX = "procbook-spark-frames-" + ProcessHandle.current().pid() + "-";
    private static SparkDriver driver;

    @BeforeAll
    static void start() {
        driver = SparkDriver.start("local[2]");
    }

    @AfterAll
    static void stop() {
        driver.close();
    }

    static Table genome(int rows) {
        String[] chroms = {"chr1", "chr2", "chrX"};
        Table t = Table.create("genome",
                StringColumn.create("chrom"), IntColumn.create("pos"), LongColumn.create("reads"),
                DoubleColumn.create("quality"), BooleanColumn.create("pass"), DateColumn.create("seen"));
        for (int i = 0; i < rows; i++) {
            t.stringColumn("chrom").append(chroms[i % 3]);
            t.intColumn("pos").append(i * 10);
            t.longColumn("reads").append(1_000_000_000L + i);
            t.doubleColumn("quality").append(i / 4.0);
            t.booleanColumn("pass").append(i % 2 == 0);
            t.dateColumn("seen").append(LocalDate.of(2026, 1, 1).plusDays(i % 30));
        }
        t.intColumn("pos").set(5, (Integer) null);
        return t;
    }

    @Test
    void aFrameBecomesADatasetAndADatasetAFrame() {
        Table table = genome(1000);
        try (SharedFrame frame = SharedFrame.publish(PREFIX + "in", table)) {
            Dataset<Row> rows = SparkFrames.toDataset(driver.session(), frame);
            assertEquals(List.of("chrom", "pos", "reads", "quality", "pass", "seen"), List.of(rows.columns()));
            assertEquals(1000, rows.count());
            assertEquals(1, rows.filter("pos is null").count());
            Dataset<Row> counts = rows.groupBy("chrom").count().orderBy("chrom");
            try (SharedFrame back = SparkFrames.publish(PREFIX + "counts", counts)) {
                Table t = back.toTable();
                assertEquals(List.of("chr1", "chr2", "chrX"), t.stringColumn("chrom").asList());
                assertEquals(List.of(334L, 333L, 333L), t.longColumn("count").asList());
                assertTrue(back.column("chrom").isDictionaryEncoded());
            }
            Table roundTrip = SparkFrames.toTable("genome", rows.orderBy("reads"));
            assertEquals(table.print(1000), roundTrip.print(1000));
        }
        assertFalse(Files.exists(java.nio.file.Path.of("/dev/shm", PREFIX + "in")));
    }

    @Test
    void aColumnSparkCannotHoldIsNamed() {
        Table t = Table.create("times", TimeColumn.create("at", List.of(LocalTime.NOON)));
        try (SharedFrame frame = SharedFrame.publish(PREFIX + "times", t)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparkFrames.toDataset(driver.session(), frame));
            assertTrue(e.getMessage().contains("column=at"), e.getMessage());
        }
    }
}
