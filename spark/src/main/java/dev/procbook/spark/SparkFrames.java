package dev.procbook.spark;

import dev.procbook.shm.SharedFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.arrow.ArrowConverters$;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils$;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Shared frames and Spark {@link Dataset}s, one into the other through Arrow record batches, a column at a time:
 * the frame's batches are handed to Spark as Arrow IPC messages (as PySpark hands it pandas frames), and a Dataset's
 * Arrow batches ({@code toArrowBatchRdd}) become the columns of a table that is published as a frame.
 *
 * <pre>{@code
 * Dataset<Row> rows = SparkFrames.toDataset(spark.session(), frame);
 * try (SharedFrame back = SparkFrames.publish("counts", rows.groupBy("chrom").count())) { ... }
 * }</pre>
 *
 * <p>Types: integers (16, 32, 64 bits), floats, doubles, booleans, strings and dates; a column of another type is
 * refused, named. Times are in UTC.
 */
public final class SparkFrames {

    private static final String TIME_ZONE = "UTC";

    private SparkFrames() {
    }

    /**
     * The rows of {@code frame} as a Dataset of {@code session}: its batches read once from the frame's file, its
     * dictionary-encoded strings decoded by Arrow, and each batch given to Spark as an IPC message.
     *
     * @throws IllegalArgumentException if a column's type has no Spark counterpart here
     * @throws UncheckedIOException     if the frame's file cannot be read
     */
    public static Dataset<Row> toDataset(SparkSession session, SharedFrame frame) {
        List<byte[]> batches = new ArrayList<>();
        StructType schema = null;
        try (BufferAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(frame.path(), StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            Map<Long, Dictionary> dictionaries = reader.getDictionaryVectors();
            for (ArrowBlock block : reader.getRecordBlocks()) {
                reader.loadRecordBatch(block);
                try (VectorSchemaRoot plain = decoded(root, dictionaries)) {
                    if (schema == null) {
                        schema = sparkSchema(frame.name(), plain.getSchema());
                    }
                    try (ArrowRecordBatch batch = new VectorUnloader(plain).getRecordBatch()) {
                        batches.add(ArrowConverters$.MODULE$.serializeBatch(batch));
                    }
                }
            }
            if (schema == null) { // no batches: the schema alone
                try (VectorSchemaRoot plain = decoded(root, dictionaries)) {
                    schema = sparkSchema(frame.name(), plain.getSchema());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("frame unreadable: frame=" + frame.name() + ", path=" + frame.path(), e);
        }
        return ArrowConverters$.MODULE$.toDataFrame(scala.jdk.javaapi.CollectionConverters.asScala(batches.iterator()),
                schema, (org.apache.spark.sql.classic.SparkSession) session, TIME_ZONE, false, false);
    }

    /**
     * Publishes the rows of {@code dataset} as the shared frame {@code name}: Spark computes the Dataset as Arrow
     * batches, which are collected here and turned into the columns of a table, a column at a time.
     *
     * @throws IllegalArgumentException if a column's type cannot be held by a shared frame
     */
    public static SharedFrame publish(String name, Dataset<Row> dataset) {
        return SharedFrame.publish(name, toTable(name, dataset));
    }

    /** The rows of {@code dataset} as a Tablesaw table named {@code name}, through Spark's Arrow batches. */
    public static Table toTable(String name, Dataset<Row> dataset) {
        Schema schema = ArrowUtils$.MODULE$.toArrowSchema(dataset.schema(), TIME_ZONE, true, false);
        List<byte[]> batches = ((org.apache.spark.sql.classic.Dataset<Row>) dataset).toArrowBatchRdd()
                .toJavaRDD().collect();
        List<Column<?>> columns = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            for (Field f : schema.getFields()) {
                columns.add(emptyColumn(name, f, root.getVector(f.getName())));
            }
            VectorLoader loader = new VectorLoader(root);
            for (byte[] bytes : batches) {
                try (ArrowRecordBatch batch = ArrowConverters$.MODULE$.loadBatch(bytes, allocator)) {
                    loader.load(batch);
                    for (int c = 0; c < columns.size(); c++) {
                        append(columns.get(c), root.getFieldVectors().get(c), root.getRowCount());
                    }
                }
            }
        }
        return Table.create(name, columns);
    }

    /** The batch in {@code root} with its dictionary-encoded columns decoded, under their own names. */
    private static VectorSchemaRoot decoded(VectorSchemaRoot root, Map<Long, Dictionary> dictionaries) {
        List<Field> fields = new ArrayList<>();
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector v : root.getFieldVectors()) {
            var encoding = v.getField().getDictionary();
            FieldVector plain;
            if (encoding == null) {
                var transfer = v.getTransferPair(v.getAllocator());
                transfer.splitAndTransfer(0, root.getRowCount());
                plain = (FieldVector) transfer.getTo();
            } else {
                plain = (FieldVector) DictionaryEncoder.decode(v, dictionaries.get(encoding.getId()));
            }
            fields.add(new Field(v.getField().getName(), plain.getField().getFieldType(),
                    plain.getField().getChildren()));
            vectors.add(plain);
        }
        return new VectorSchemaRoot(fields, vectors, root.getRowCount());
    }

    private static StructType sparkSchema(String frame, Schema schema) {
        for (Field f : schema.getFields()) {
            try {
                ArrowUtils$.MODULE$.fromArrowSchema(new Schema(List.of(f)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("column type not supported by Spark here: frame=" + frame
                        + ", column=" + f.getName() + ", type=" + f.getType(), e);
            }
        }
        return ArrowUtils$.MODULE$.fromArrowSchema(schema);
    }

    private static Column<?> emptyColumn(String frame, Field f, FieldVector v) {
        String n = f.getName();
        if (v instanceof IntVector) {
            return IntColumn.create(n);
        } else if (v instanceof BigIntVector) {
            return LongColumn.create(n);
        } else if (v instanceof SmallIntVector) {
            return ShortColumn.create(n);
        } else if (v instanceof Float8Vector) {
            return DoubleColumn.create(n);
        } else if (v instanceof Float4Vector) {
            return FloatColumn.create(n);
        } else if (v instanceof BitVector) {
            return BooleanColumn.create(n);
        } else if (v instanceof VarCharVector) {
            return StringColumn.create(n);
        } else if (v instanceof DateDayVector) {
            return DateColumn.create(n);
        }
        throw new IllegalArgumentException("column type not supported in a shared frame: frame=" + frame
                + ", column=" + n + ", type=" + f.getType());
    }

    /** Appends the {@code rows} values of {@code v} to {@code column}: one typed loop per column. */
    private static void append(Column<?> column, FieldVector v, int rows) {
        if (v instanceof IntVector iv && column instanceof IntColumn c) {
            for (int i = 0; i < rows; i++) {
                if (iv.isNull(i)) c.appendMissing(); else c.append(iv.get(i));
            }
        } else if (v instanceof BigIntVector lv && column instanceof LongColumn c) {
            for (int i = 0; i < rows; i++) {
                if (lv.isNull(i)) c.appendMissing(); else c.append(lv.get(i));
            }
        } else if (v instanceof SmallIntVector sv && column instanceof ShortColumn c) {
            for (int i = 0; i < rows; i++) {
                if (sv.isNull(i)) c.appendMissing(); else c.append(sv.get(i));
            }
        } else if (v instanceof Float8Vector dv && column instanceof DoubleColumn c) {
            for (int i = 0; i < rows; i++) {
                if (dv.isNull(i)) c.appendMissing(); else c.append(dv.get(i));
            }
        } else if (v instanceof Float4Vector fv && column instanceof FloatColumn c) {
            for (int i = 0; i < rows; i++) {
                if (fv.isNull(i)) c.appendMissing(); else c.append(fv.get(i));
            }
        } else if (v instanceof BitVector bv && column instanceof BooleanColumn c) {
            for (int i = 0; i < rows; i++) {
                if (bv.isNull(i)) c.appendMissing(); else c.append(bv.get(i) == 1);
            }
        } else if (v instanceof VarCharVector sv && column instanceof StringColumn c) {
            for (int i = 0; i < rows; i++) {
                if (sv.isNull(i)) c.appendMissing(); else c.append(new String(sv.get(i),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        } else if (v instanceof DateDayVector dv && column instanceof DateColumn c) {
            for (int i = 0; i < rows; i++) {
                if (dv.isNull(i)) c.appendMissing(); else c.append(java.time.LocalDate.ofEpochDay(dv.get(i)));
            }
        } else {
            throw new IllegalStateException("column and vector disagree: column=" + column.name());
        }
    }
}
