package dev.procbook.shm;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.apache.arrow.vector.types.pojo.ArrowType;
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
import tech.tablesaw.columns.Column;

/** Copies a shared frame's columns into a Tablesaw table on the heap. */
final class FrameTables {

    private FrameTables() {
    }

    static Table toTable(String name, java.util.List<FrameColumn> columns) {
        Table t = Table.create(name);
        for (FrameColumn c : columns) {
            t.addColumns(copy(c));
        }
        return t;
    }

    private static Column<?> copy(FrameColumn c) {
        int n = Math.toIntExact(c.size());
        ArrowType t = c.type();
        String name = c.name();
        if (c.isDictionaryEncoded()) {
            StringColumn out = StringColumn.create(name);
            for (int i = 0; i < n; i++) {
                String v = c.getString(i);
                if (v == null) {
                    out.appendMissing();
                } else {
                    out.append(v);
                }
            }
            return out;
        } else if (t.equals(FrameColumnTypes.INT)) {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = c.isNull(i) ? Integer.MIN_VALUE : c.getInt(i);
            }
            return IntColumn.create(name, v);
        } else if (t.equals(FrameColumnTypes.LONG)) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = c.isNull(i) ? Long.MIN_VALUE : c.getLong(i);
            }
            return LongColumn.create(name, v);
        } else if (t.equals(FrameColumnTypes.SHORT)) {
            short[] v = new short[n];
            for (int i = 0; i < n; i++) {
                v[i] = c.isNull(i) ? Short.MIN_VALUE : (short) c.getLong(i);
            }
            return ShortColumn.create(name, v);
        } else if (t.equals(FrameColumnTypes.DOUBLE)) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = c.getDouble(i);
            }
            return DoubleColumn.create(name, v);
        } else if (t.equals(FrameColumnTypes.FLOAT)) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) c.getDouble(i);
            }
            return FloatColumn.create(name, v);
        } else if (t.equals(FrameColumnTypes.BOOL)) {
            BooleanColumn out = BooleanColumn.create(name);
            for (int i = 0; i < n; i++) {
                if (c.isNull(i)) {
                    out.appendMissing();
                } else {
                    out.append(c.getBoolean(i));
                }
            }
            return out;
        } else if (t.equals(FrameColumnTypes.DATE)) {
            DateColumn out = DateColumn.create(name);
            for (int i = 0; i < n; i++) {
                out.append((LocalDate) c.get(i));
            }
            return out;
        } else if (t.equals(FrameColumnTypes.DATE_TIME)) {
            DateTimeColumn out = DateTimeColumn.create(name);
            for (int i = 0; i < n; i++) {
                out.append((LocalDateTime) c.get(i));
            }
            return out;
        } else if (t.equals(FrameColumnTypes.INSTANT)) {
            InstantColumn out = InstantColumn.create(name);
            for (int i = 0; i < n; i++) {
                out.append((Instant) c.get(i));
            }
            return out;
        } else if (t.equals(FrameColumnTypes.TIME)) {
            TimeColumn out = TimeColumn.create(name);
            for (int i = 0; i < n; i++) {
                out.append((LocalTime) c.get(i));
            }
            return out;
        }
        throw new IllegalStateException("column type has no Tablesaw counterpart: column=" + name + ", type=" + t);
    }
}
