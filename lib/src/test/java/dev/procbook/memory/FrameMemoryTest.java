package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class FrameMemoryTest {

    static Table genomeLike(int rows) {
        String[] amino = {"A", "C", "G", "T"};
        LongColumn pos = LongColumn.create("POS");
        IntColumn depth = IntColumn.create("DP");
        StringColumn ref = StringColumn.create("REF");
        for (int i = 0; i < rows; i++) {
            pos.append(i);
            depth.append(i % 50);
            ref.append(amino[i % 4]);
        }
        return Table.create("genome", pos, depth, ref);
    }

    @Test
    void shallowEstimateIsElementWidthTimesRowsWithPointersForStrings() {
        FrameMemory m = FrameMemory.of(genomeLike(1000));
        assertEquals(1000L * (8 + 4 + 8), m.shallowBytes());
        assertEquals(8000L, m.table().longColumn("shallow_bytes").getLong(0));
        assertEquals("STRING", m.table().stringColumn("dtype").get(2));
    }

    @Test
    void deepSizeOfPrimitiveColumnIsAtLeastItsArray() {
        FrameMemory m = FrameMemory.of(genomeLike(1000));
        long deepPos = m.table().longColumn("deep_bytes").getLong(0);
        assertTrue(deepPos >= 8000 && deepPos < 8000 * 2, "array, grown by up to half, and the column: " + deepPos);
        assertTrue(m.deepBytes() >= m.table().longColumn("deep_bytes").getLong(1), "table includes columns");
    }

    @Test
    void infoTextLooksLikePandasAndMarksObjectEstimateAsLowerBound() {
        String info = FrameMemory.of(genomeLike(1000)).info();
        assertTrue(info.startsWith("<class 'tech.tablesaw.api.Table'>\nRangeIndex: 1000 entries, 0 to 999\n"
                + "Data columns (total 3 columns):\n"), info);
        assertTrue(info.contains("---  ------  --------------  -----\n"), info);
        assertTrue(info.contains(" 2   REF     1000 non-null   STRING"), info);
        assertTrue(info.contains("dtypes: INTEGER(1), LONG(1), STRING(1)\n"), info);
        assertTrue(info.endsWith("memory usage: 19.5+ KB\n"), info);
    }

    @Test
    void deepInfoHasNoLowerBoundMark() {
        String info = FrameMemory.of(genomeLike(1000)).infoDeep();
        assertTrue(info.matches("(?s).*memory usage: [0-9.]+ KB\n"), info);
    }

    @Test
    void sizesAreFormattedLikePandas() {
        assertEquals("128.0 bytes", FrameMemory.sizeOf(128, ""));
        assertEquals("1.0+ GB", FrameMemory.sizeOf(1024.0 * 1024 * 1024 + 5, "+"));
        assertEquals("7.9 GB", FrameMemory.sizeOf(7.93 * 1024 * 1024 * 1024, ""));
    }
}
