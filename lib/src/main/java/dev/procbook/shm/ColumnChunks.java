package dev.procbook.shm;

import java.time.Instant;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.TimeColumn;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.dates.PackedLocalDate;
import tech.tablesaw.columns.datetimes.PackedLocalDateTime;
import tech.tablesaw.columns.times.PackedLocalTime;

/**
 * Reads a Tablesaw column's values a chunk at a time as the bits an Arrow IPC body holds (8-byte values into a
 * {@code long[]}, narrower ones into an {@code int[]}), marking missing values in a validity bitmap: the inner loop
 * of {@link FrameWriter}, one branch per column type.
 */
final class ColumnChunks {

    private ColumnChunks() {
    }

    /**
     * Reads {@code m} values of {@code column} from row {@code row} into {@code longs} (8-byte types, doubles as
     * their bits) or {@code ints}, clears the validity bit of each missing one (bit {@code outIndex + i}), and
     * returns how many were missing.
     */
    static long read(Column<?> column, int row, int m, long[] longs, int[] ints, long[] validity,
                     int outIndex, int[] stringKeys) {
        long nulls = 0;
        if (column instanceof LongColumn c) {
            for (int i = 0; i < m; i++) {
                long v = c.getLong(row + i);
                longs[i] = v;
                if (v == Long.MIN_VALUE) {
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                }
            }
            return nulls;
        } else if (column instanceof DoubleColumn c) {
            for (int i = 0; i < m; i++) {
                double v = c.getDouble(row + i);
                longs[i] = Double.doubleToRawLongBits(v);
                if (Double.isNaN(v)) {
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                }
            }
            return nulls;
        } else if (column instanceof IntColumn c) {
            for (int i = 0; i < m; i++) {
                int v = c.getInt(row + i);
                ints[i] = v;
                if (v == Integer.MIN_VALUE) {
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                }
            }
            return nulls;
        } else if (column instanceof StringColumn c) {
            int[] keys = stringKeys;
            for (int i = 0; i < m; i++) {
                int k = keys[row + i];
                ints[i] = Math.max(k, 0);
                if (k < 0) {
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                }
            }
            return nulls;
        } else if (column instanceof FloatColumn c) {
            for (int i = 0; i < m; i++) {
                float v = c.getFloat(row + i);
                ints[i] = Float.floatToRawIntBits(v);
                if (Float.isNaN(v)) {
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                }
            }
            return nulls;
        } else if (column instanceof ShortColumn c) {
            for (int i = 0; i < m; i++) {
                short v = c.getShort(row + i);
                ints[i] = v;
                if (v == Short.MIN_VALUE) {
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                }
            }
            return nulls;
        } else if (column instanceof DateColumn c) {
            for (int i = 0; i < m; i++) {
                int packed = c.getIntInternal(row + i);
                if (c.isMissing(row + i)) {
                    ints[i] = 0;
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                } else {
                    ints[i] = (int) PackedLocalDate.toEpochDay(packed);
                }
            }
            return nulls;
        } else if (column instanceof DateTimeColumn c) {
            for (int i = 0; i < m; i++) {
                long packed = c.getLongInternal(row + i);
                if (c.isMissing(row + i)) {
                    longs[i] = 0;
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                } else {
                    longs[i] = PackedLocalDate.toEpochDay(PackedLocalDateTime.date(packed)) * 86_400_000L
                            + PackedLocalTime.getMillisecondOfDay(PackedLocalDateTime.time(packed));
                }
            }
            return nulls;
        } else if (column instanceof InstantColumn c) {
            for (int i = 0; i < m; i++) {
                Instant v = c.get(row + i);
                longs[i] = v == null ? 0 : v.toEpochMilli();
                if (v == null) {
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                }
            }
            return nulls;
        } else if (column instanceof TimeColumn c) {
            for (int i = 0; i < m; i++) {
                int packed = c.getIntInternal(row + i);
                if (c.isMissing(row + i)) {
                    ints[i] = 0;
                    validity[(outIndex + i) >> 6] &= ~(1L << (outIndex + i));
                    nulls++;
                } else {
                    ints[i] = PackedLocalTime.getMillisecondOfDay(packed);
                }
            }
            return nulls;
        }
        throw new IllegalArgumentException("column type not supported in a shared frame: column=" + column.name());
    }
}
