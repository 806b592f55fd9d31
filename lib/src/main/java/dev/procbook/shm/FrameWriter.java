package dev.procbook.shm;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedWidthVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
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
import tech.tablesaw.columns.dates.PackedLocalDate;
import tech.tablesaw.columns.datetimes.PackedLocalDateTime;
import tech.tablesaw.columns.times.PackedLocalTime;

/**
 * Writes a Tablesaw table as an Arrow IPC file: strings dictionary-encoded (one dictionary a column, written once,
 * never as deltas), the rows in record batches of about {@link FrameDescriptor#TARGET_BATCH_BYTES}, no compression.
 * Values are copied from the columns into Arrow buffers a chunk at a time, and the buffers go to the channel as they
 * are.
 */
final class FrameWriter {

    private static final int CHUNK = 1 << 16;

    private final Table table;
    private final BufferAllocator allocator;
    private final long batchBytes;
    private final List<ArrowType> types = new ArrayList<>();
    private final Map<String, int[]> stringIndexes = new HashMap<>();
    private final DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();

    FrameWriter(Table table, BufferAllocator allocator) {
        this(table, allocator, FrameDescriptor.TARGET_BATCH_BYTES);
    }

    /** A writer whose record batches hold about {@code batchBytes} each: tests make many batches of a small table. */
    FrameWriter(Table table, BufferAllocator allocator, long batchBytes) {
        this.table = table;
        this.allocator = allocator;
        this.batchBytes = batchBytes;
        for (Column<?> c : table.columns()) {
            types.add(FrameColumnTypes.arrowType(c));
        }
    }

    /** Writes the whole file to {@code out}. */
    void write(WritableByteChannel out) throws IOException {
        List<Field> fields = new ArrayList<>();
        try {
            for (int i = 0; i < table.columnCount(); i++) {
                fields.add(field(table.column(i), types.get(i), i));
            }
            try (VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
                 ArrowFileWriter writer = new ArrowFileWriter(root, dictionaries, leftOpen(out))) {
                writer.start();
                int rows = table.rowCount();
                int perBatch = rowsPerBatch();
                for (int start = 0; start < rows || start == 0; start += perBatch) {
                    int n = Math.min(perBatch, rows - start);
                    for (int i = 0; i < table.columnCount(); i++) {
                        fill(root.getVector(i), table.column(i), start, n);
                    }
                    root.setRowCount(n);
                    writer.writeBatch();
                    if (rows == 0) {
                        break;
                    }
                }
                writer.end();
            }
        } finally {
            for (long id : dictionaries.getDictionaryIds()) {
                dictionaries.lookup(id).getVector().close();
            }
        }
    }

    /** {@code out} behind a close that does nothing: ArrowFileWriter closes its channel, which is the caller's. */
    private static WritableByteChannel leftOpen(WritableByteChannel out) {
        return new WritableByteChannel() {
            @Override
            public int write(java.nio.ByteBuffer src) throws IOException {
                return out.write(src);
            }

            @Override
            public boolean isOpen() {
                return out.isOpen();
            }

            @Override
            public void close() {
            }
        };
    }

    private int rowsPerBatch() {
        double perRow = 1;
        for (ArrowType t : types) {
            perRow += FrameColumnTypes.bytesPerValue(t);
        }
        long rows = (long) (batchBytes / perRow);
        return (int) Math.max(1, Math.min(rows, Math.max(1, table.rowCount())));
    }

    private Field field(Column<?> column, ArrowType type, int index) {
        if (!type.equals(FrameColumnTypes.UTF8)) {
            return new Field(column.name(), FieldType.nullable(type), null);
        }
        DictionaryEncoding encoding = new DictionaryEncoding(index, false, (ArrowType.Int) FrameColumnTypes.INT);
        dictionaries.put(new Dictionary(dictionaryOf((StringColumn) column), encoding));
        return new Field(column.name(), new FieldType(true, FrameColumnTypes.INT, encoding), null);
    }

    /** The distinct values of {@code column} in order of first appearance; remembers each row's index. */
    private VarCharVector dictionaryOf(StringColumn column) {
        Map<String, Integer> index = new HashMap<>();
        List<String> values = new ArrayList<>();
        int[] rows = new int[column.size()];
        for (int r = 0; r < rows.length; r++) {
            String v = column.get(r);
            if (column.isMissing(r)) {
                rows[r] = -1;
                continue;
            }
            Integer k = index.get(v);
            if (k == null) {
                k = values.size();
                index.put(v, k);
                values.add(v);
            }
            rows[r] = k;
        }
        stringIndexes.put(column.name(), rows);
        VarCharVector dict = new VarCharVector(column.name() + ".dictionary", allocator);
        dict.allocateNew(values.size());
        for (int i = 0; i < values.size(); i++) {
            dict.setSafe(i, values.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        dict.setValueCount(values.size());
        return dict;
    }

    private void fill(FieldVector vector, Column<?> column, int start, int n) {
        FixedWidthVector fixed = (FixedWidthVector) vector;
        fixed.allocateNew(n);
        vector.setValueCount(n);
        ArrowBuf validity = vector.getValidityBuffer();
        validity.setOne(0, validity.capacity());
        ArrowBuf data = vector.getDataBuffer();
        if (column instanceof BooleanColumn b) {
            data.setZero(0, data.capacity());
            for (int i = 0; i < n; i++) {
                byte v = b.getByte(start + i);
                if (v == 1) {
                    BitVectorHelper.setBit(data, i);
                } else if (v != 0) {
                    BitVectorHelper.unsetBit(validity, i);
                }
            }
            return;
        }
        long[] longs = new long[Math.min(CHUNK, Math.max(n, 1))];
        int[] ints = new int[longs.length];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            int width = chunk(column, start + from, m, longs, ints, validity, from);
            java.nio.ByteBuffer dst = data.nioBuffer((long) from * width, m * width).order(ByteOrder.LITTLE_ENDIAN);
            if (width == 8) {
                dst.asLongBuffer().put(longs, 0, m); // doubles as their bits: the same bytes
            } else if (width == 4) {
                dst.asIntBuffer().put(ints, 0, m);
            } else {
                java.nio.ShortBuffer s = dst.asShortBuffer();
                for (int i = 0; i < m; i++) {
                    s.put(i, (short) ints[i]);
                }
            }
        }
    }

    /**
     * Reads {@code m} values of {@code column} from row {@code row} into {@code longs} (8-byte types, doubles as
     * their bits) or {@code ints}, clears the validity bit of each missing one, and returns the width in bytes.
     */
    private int chunk(Column<?> column, int row, int m, long[] longs, int[] ints, ArrowBuf validity, int outIndex) {
        if (column instanceof LongColumn c) {
            for (int i = 0; i < m; i++) {
                long v = c.getLong(row + i);
                longs[i] = v;
                if (v == Long.MIN_VALUE) {
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                }
            }
            return 8;
        } else if (column instanceof DoubleColumn c) {
            for (int i = 0; i < m; i++) {
                double v = c.getDouble(row + i);
                longs[i] = Double.doubleToRawLongBits(v);
                if (Double.isNaN(v)) {
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                }
            }
            return 8;
        } else if (column instanceof IntColumn c) {
            for (int i = 0; i < m; i++) {
                int v = c.getInt(row + i);
                ints[i] = v;
                if (v == Integer.MIN_VALUE) {
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                }
            }
            return 4;
        } else if (column instanceof StringColumn c) {
            int[] keys = stringIndexes.get(c.name());
            for (int i = 0; i < m; i++) {
                int k = keys[row + i];
                ints[i] = Math.max(k, 0);
                if (k < 0) {
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                }
            }
            return 4;
        } else if (column instanceof FloatColumn c) {
            for (int i = 0; i < m; i++) {
                float v = c.getFloat(row + i);
                ints[i] = Float.floatToRawIntBits(v);
                if (Float.isNaN(v)) {
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                }
            }
            return 4;
        } else if (column instanceof ShortColumn c) {
            for (int i = 0; i < m; i++) {
                short v = c.getShort(row + i);
                ints[i] = v;
                if (v == Short.MIN_VALUE) {
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                }
            }
            return 2;
        } else if (column instanceof DateColumn c) {
            for (int i = 0; i < m; i++) {
                int packed = c.getIntInternal(row + i);
                if (c.isMissing(row + i)) {
                    ints[i] = 0;
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                } else {
                    ints[i] = (int) PackedLocalDate.toEpochDay(packed);
                }
            }
            return 4;
        } else if (column instanceof DateTimeColumn c) {
            for (int i = 0; i < m; i++) {
                long packed = c.getLongInternal(row + i);
                if (c.isMissing(row + i)) {
                    longs[i] = 0;
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                } else {
                    longs[i] = PackedLocalDate.toEpochDay(PackedLocalDateTime.date(packed)) * 86_400_000L
                            + PackedLocalTime.getMillisecondOfDay(PackedLocalDateTime.time(packed));
                }
            }
            return 8;
        } else if (column instanceof InstantColumn c) {
            for (int i = 0; i < m; i++) {
                Instant v = c.get(row + i);
                longs[i] = v == null ? 0 : v.toEpochMilli();
                if (v == null) {
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                }
            }
            return 8;
        } else if (column instanceof TimeColumn c) {
            for (int i = 0; i < m; i++) {
                int packed = c.getIntInternal(row + i);
                if (c.isMissing(row + i)) {
                    ints[i] = 0;
                    BitVectorHelper.unsetBit(validity, outIndex + i);
                } else {
                    ints[i] = PackedLocalTime.getMillisecondOfDay(packed);
                }
            }
            return 4;
        }
        throw new IllegalArgumentException("column type not supported in a shared frame: column=" + column.name());
    }
}
