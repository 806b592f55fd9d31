package dev.procbook.shm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One column of a shared frame across all its record batches, read in place from shared memory: rows are indexed
 * by long, values are read from the mapped Arrow buffers, and nothing is copied until asked.
 *
 * <p>{@code long total = frame.column("count").sumLong();}
 */
public final class FrameColumn {

    private final String frameName;
    private final Field field;
    private final ArrowType valueType;
    private final FieldVector[] vectors;
    private final long[] starts;
    private final long size;
    private final VarCharVector dictionary;
    private String[] decoded;

    FrameColumn(String frameName, int index, List<VectorSchemaRoot> batches, Map<Long, Dictionary> dictionaries) {
        this.frameName = frameName;
        this.vectors = new FieldVector[batches.size()];
        this.starts = new long[batches.size() + 1];
        for (int b = 0; b < vectors.length; b++) {
            vectors[b] = batches.get(b).getVector(index);
            starts[b + 1] = starts[b] + batches.get(b).getRowCount();
        }
        this.size = starts[vectors.length];
        this.field = batches.isEmpty() ? null : vectors[0].getField();
        if (field != null && field.getDictionary() != null) {
            Dictionary d = dictionaries.get(field.getDictionary().getId());
            this.dictionary = (VarCharVector) d.getVector();
            this.valueType = d.getVectorType();
        } else {
            this.dictionary = null;
            this.valueType = field == null ? null : field.getType();
        }
    }

    /** The column's name. */
    public String name() {
        return field.getName();
    }

    /** The Arrow type of its values (strings: {@code Utf8}, stored as dictionary indexes). */
    public ArrowType type() {
        return valueType;
    }

    /** Whether the values are dictionary-encoded strings. */
    public boolean isDictionaryEncoded() {
        return dictionary != null;
    }

    /** The number of rows. */
    public long size() {
        return size;
    }

    /** The record batches' vectors of this column, in order: Arrow's own view of the same memory. */
    public List<FieldVector> vectors() {
        return List.of(vectors);
    }

    private int batchOf(long row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row outside the frame: frame=" + frameName + ", column=" + name()
                    + ", row=" + row + ", rows=" + size);
        }
        int b = Arrays.binarySearch(starts, row);
        return b >= 0 ? nextNonEmpty(b) : -b - 2;
    }

    private int nextNonEmpty(int b) {
        while (starts[b + 1] == starts[b]) {
            b++;
        }
        return b;
    }

    /** Whether the value at {@code row} is missing. */
    public boolean isNull(long row) {
        int b = batchOf(row);
        return vectors[b].isNull((int) (row - starts[b]));
    }

    /**
     * The value at {@code row} as a long: integers, dates as epoch days, date-times and instants as epoch
     * milliseconds, times as milliseconds of the day.
     *
     * @throws IllegalStateException if the value is missing or the column is not integral
     */
    public long getLong(long row) {
        int b = batchOf(row);
        int i = (int) (row - starts[b]);
        FieldVector v = vectors[b];
        if (v.isNull(i)) {
            throw new IllegalStateException("value missing: frame=" + frameName + ", column=" + name() + ", row="
                    + row);
        }
        if (isFloating()) {
            throw notA("integral");
        }
        ArrowBuf data = v.getDataBuffer();
        int width = width();
        switch (width) {
            case 8:
                return data.getLong((long) i * 8);
            case 4:
                return data.getInt((long) i * 4);
            case 2:
                return data.getShort((long) i * 2);
            default:
                throw notA("integral");
        }
    }

    /** The value at {@code row} as an int; see {@link #getLong(long)}. */
    public int getInt(long row) {
        return Math.toIntExact(getLong(row));
    }

    /**
     * The value at {@code row} as a double: floating-point columns, or integral ones converted; NaN when missing.
     *
     * @throws IllegalStateException if the column is not numeric
     */
    public double getDouble(long row) {
        int b = batchOf(row);
        int i = (int) (row - starts[b]);
        FieldVector v = vectors[b];
        if (v.isNull(i)) {
            return Double.NaN;
        }
        if (valueType.equals(FrameColumnTypes.DOUBLE)) {
            return v.getDataBuffer().getDouble((long) i * 8);
        } else if (valueType.equals(FrameColumnTypes.FLOAT)) {
            return v.getDataBuffer().getFloat((long) i * 4);
        }
        return getLong(row);
    }

    /** The value at {@code row} of a boolean column; missing values are false. */
    public boolean getBoolean(long row) {
        int b = batchOf(row);
        if (!(vectors[b] instanceof BitVector bits)) {
            throw notA("boolean");
        }
        int i = (int) (row - starts[b]);
        return !bits.isNull(i) && bits.get(i) == 1;
    }

    /** The string at {@code row} of a string column, or null when missing. */
    public String getString(long row) {
        if (dictionary == null) {
            throw notA("string");
        }
        int b = batchOf(row);
        int i = (int) (row - starts[b]);
        if (vectors[b].isNull(i)) {
            return null;
        }
        return decoded()[vectors[b].getDataBuffer().getInt((long) i * 4)];
    }

    private synchronized String[] decoded() {
        if (decoded == null) {
            String[] d = new String[dictionary.getValueCount()];
            for (int k = 0; k < d.length; k++) {
                d[k] = new String(dictionary.get(k), StandardCharsets.UTF_8);
            }
            decoded = d;
        }
        return decoded;
    }

    /** The value at {@code row} as Java sees it (Integer, Long, Double, String, Boolean, LocalDate, ...), or null. */
    public Object get(long row) {
        if (isNull(row)) {
            return null;
        }
        ArrowType t = valueType;
        if (dictionary != null) {
            return getString(row);
        } else if (t.equals(FrameColumnTypes.INT)) {
            return getInt(row);
        } else if (t.equals(FrameColumnTypes.LONG)) {
            return getLong(row);
        } else if (t.equals(FrameColumnTypes.SHORT)) {
            return (short) getLong(row);
        } else if (t.equals(FrameColumnTypes.DOUBLE)) {
            return getDouble(row);
        } else if (t.equals(FrameColumnTypes.FLOAT)) {
            return (float) getDouble(row);
        } else if (t.equals(FrameColumnTypes.BOOL)) {
            return getBoolean(row);
        } else if (t.equals(FrameColumnTypes.DATE)) {
            return LocalDate.ofEpochDay(getLong(row));
        } else if (t.equals(FrameColumnTypes.DATE_TIME)) {
            long millis = getLong(row);
            return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000) * 1_000_000,
                    ZoneOffset.UTC);
        } else if (t.equals(FrameColumnTypes.INSTANT)) {
            return Instant.ofEpochMilli(getLong(row));
        } else if (t.equals(FrameColumnTypes.TIME)) {
            return LocalTime.ofNanoOfDay(getLong(row) * 1_000_000L);
        }
        return vectors[batchOf(row)].getObject((int) (row - starts[batchOf(row)]));
    }

    /**
     * The sum of the values, missing ones skipped, read straight from the mapped buffers.
     *
     * @throws IllegalStateException if the column is not integral
     */
    public long sumLong() {
        int width = width();
        if (width != 8 && width != 4 && width != 2 || isFloating()) {
            throw notA("integral");
        }
        long sum = 0;
        for (FieldVector v : vectors) {
            int n = v.getValueCount();
            if (n == 0) {
                continue;
            }
            ByteBuffer data = view(v.getDataBuffer(), (long) n * width);
            sum += v.getNullCount() > 0 ? ColumnSums.sumPresentIntegers(v, data, width, n)
                    : ColumnSums.sumIntegers(data, width, n);
        }
        return sum;
    }

    /**
     * The sum of the values as doubles, missing ones skipped.
     *
     * @throws IllegalStateException if the column is not numeric
     */
    public double sum() {
        if (!isFloating()) {
            return sumLong();
        }
        double sum = 0;
        int width = valueType.equals(FrameColumnTypes.DOUBLE) ? 8 : 4;
        for (FieldVector v : vectors) {
            int n = v.getValueCount();
            if (n == 0) {
                continue;
            }
            ByteBuffer data = view(v.getDataBuffer(), (long) n * width);
            sum += v.getNullCount() > 0 ? ColumnSums.sumPresentFloating(v, data, width, n)
                    : ColumnSums.sumFloating(data, width, n);
        }
        return sum;
    }

    /** The first {@code bytes} of {@code buffer}, which must hold them, as a little-endian view of the same memory. */
    private ByteBuffer view(ArrowBuf buffer, long bytes) {
        if (bytes > buffer.capacity() || bytes > Integer.MAX_VALUE) {
            throw new IllegalStateException("data buffer shorter than its values: frame=" + frameName + ", column="
                    + name() + ", bytes=" + bytes + ", capacity=" + buffer.capacity());
        }
        return buffer.nioBuffer(0, (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private boolean isFloating() {
        return valueType.equals(FrameColumnTypes.DOUBLE) || valueType.equals(FrameColumnTypes.FLOAT);
    }

    private int width() {
        if (vectors.length == 0 || !(vectors[0] instanceof BaseFixedWidthVector f) || vectors[0] instanceof BitVector) {
            return 0;
        }
        return f.getTypeWidth();
    }

    private IllegalStateException notA(String kind) {
        return new IllegalStateException("column is not " + kind + ": frame=" + frameName + ", column=" + name()
                + ", type=" + valueType);
    }

    @Override
    public String toString() {
        return "FrameColumn[frame=" + frameName + ", name=" + name() + ", type=" + valueType + ", rows=" + size + "]";
    }
}
