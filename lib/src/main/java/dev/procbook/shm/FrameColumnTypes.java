package dev.procbook.shm;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.columns.Column;

/** Which Arrow type holds each Tablesaw column type in a shared frame, and back. */
final class FrameColumnTypes {

    static final ArrowType INT = new ArrowType.Int(32, true);
    static final ArrowType LONG = new ArrowType.Int(64, true);
    static final ArrowType SHORT = new ArrowType.Int(16, true);
    static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
    static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
    static final ArrowType DATE_TIME = new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
    static final ArrowType INSTANT = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
    static final ArrowType TIME = new ArrowType.Time(TimeUnit.MILLISECOND, 32);

    private FrameColumnTypes() {
    }

    /**
     * The Arrow type of the values of {@code column}; strings are dictionary-encoded on top of {@link #UTF8}.
     *
     * @throws IllegalArgumentException if a shared frame cannot hold that column type
     */
    static ArrowType arrowType(Column<?> column) {
        // equals, not ==: a JVM whose first Tablesaw class is DoubleColumn holds two DoubleColumnType instances
        // (DoubleColumnType's static initializer runs ColumnType's, which makes one, then makes its own), and a
        // column's type is the second
        ColumnType t = column.type();
        if (t.equals(ColumnType.INTEGER)) {
            return INT;
        } else if (t.equals(ColumnType.LONG)) {
            return LONG;
        } else if (t.equals(ColumnType.SHORT)) {
            return SHORT;
        } else if (t.equals(ColumnType.DOUBLE)) {
            return DOUBLE;
        } else if (t.equals(ColumnType.FLOAT)) {
            return FLOAT;
        } else if (t.equals(ColumnType.BOOLEAN)) {
            return BOOL;
        } else if (t.equals(ColumnType.STRING)) {
            return UTF8;
        } else if (t.equals(ColumnType.LOCAL_DATE)) {
            return DATE;
        } else if (t.equals(ColumnType.LOCAL_DATE_TIME)) {
            return DATE_TIME;
        } else if (t.equals(ColumnType.INSTANT)) {
            return INSTANT;
        } else if (t.equals(ColumnType.LOCAL_TIME)) {
            return TIME;
        }
        throw new IllegalArgumentException("column type not supported in a shared frame: column=" + column.name()
                + ", type=" + t.name() + ", supported=INTEGER, LONG, SHORT, DOUBLE, FLOAT, BOOLEAN, STRING, "
                + "LOCAL_DATE, LOCAL_DATE_TIME, INSTANT, LOCAL_TIME");
    }

    /** Bytes a value of {@code type} takes in a batch, about (strings count their 4-byte dictionary index). */
    static double bytesPerValue(ArrowType type) {
        if (type.equals(LONG) || type.equals(DOUBLE) || type.equals(DATE_TIME) || type.equals(INSTANT)) {
            return 8;
        } else if (type.equals(SHORT)) {
            return 2;
        } else if (type.equals(BOOL)) {
            return 0.25;
        }
        return 4;
    }
}
