package dev.procbook.shm;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Writes a Tablesaw table as an Arrow IPC file: strings dictionary-encoded (one dictionary a column, written once,
 * never as deltas), the rows in record batches of about {@link FrameDescriptor#TARGET_BATCH_BYTES}, no compression,
 * every validity bitmap written (a reader that finds none allocates one, which would make attaching a copy). Values
 * go from the columns to the file a chunk at a time through one small direct buffer: publishing costs about what
 * writing the same bytes costs.
 */
final class FrameWriter {

    private static final int CHUNK = 1 << 16;

    private final Table table;
    private final BufferAllocator allocator;
    private final long batchBytes;
    private final List<ArrowType> types = new ArrayList<>();
    private final Map<String, int[]> stringIndexes = new HashMap<>();
    private final DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();
    /** One chunk of values on its way to the file: read from the column here, then put in {@link #chunk}. */
    private final long[] longs = new long[CHUNK];
    private final int[] ints = new int[CHUNK];
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);

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

    /**
     * Writes the whole file to {@code out}, a new empty file: the schema and the dictionaries through Arrow's own
     * serializer, each record batch's body straight from the columns in chunks with positional writes (no Arrow
     * vectors, so each value is copied once, into the page cache), its metadata after the body, once the null
     * counts are known, into the room reserved for it, and the footer.
     */
    void write(FileChannel out) throws IOException {
        try {
            List<Field> messageFields = new ArrayList<>();
            for (int i = 0; i < table.columnCount(); i++) {
                messageFields.add(messageField(table.column(i), types.get(i), i));
            }
            Schema schema = new Schema(messageFields);
            WriteChannel head = new WriteChannel(leftOpen(out));
            head.write(FrameDescriptor.MAGIC);
            head.align();
            MessageSerializer.serialize(head, schema);
            List<ArrowBlock> dictionaryBlocks = new ArrayList<>();
            for (long id : dictionaries.getDictionaryIds()) {
                Dictionary d = dictionaries.lookup(id);
                try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(d.getVector().getField()),
                        List.of(d.getVector()), d.getVector().getValueCount());
                     ArrowRecordBatch data = new VectorUnloader(root).getRecordBatch();
                     ArrowDictionaryBatch batch = new ArrowDictionaryBatch(id, data, false)) {
                    dictionaryBlocks.add(MessageSerializer.serialize(head, batch));
                }
            }
            long position = head.getCurrentPosition();
            List<ArrowBlock> recordBlocks = new ArrayList<>();
            int rows = table.rowCount();
            int perBatch = rowsPerBatch();
            for (int start = 0; start < rows || start == 0; start += perBatch) {
                ArrowBlock block = new BatchWriter(out, position, start, Math.min(perBatch, rows - start)).write();
                recordBlocks.add(block);
                position += block.getMetadataLength() + block.getBodyLength();
                if (rows == 0) {
                    break;
                }
            }
            out.position(position);
            WriteChannel tail = new WriteChannel(leftOpen(out));
            long footerLength = tail.write(new ArrowFooter(schema, dictionaryBlocks, recordBlocks), false);
            tail.writeIntLittleEndian((int) footerLength);
            tail.write(FrameDescriptor.MAGIC);
        } finally {
            for (long id : dictionaries.getDictionaryIds()) {
                dictionaries.lookup(id).getVector().close();
            }
        }
    }

    /** {@code out} behind a close that does nothing: Arrow's channel wrappers close what they wrap. */
    private static WritableByteChannel leftOpen(WritableByteChannel out) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
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
        // a multiple of 64, so that every batch but the last fills whole validity words
        rows = Math.max(64, rows / 64 * 64);
        return (int) Math.min(rows, Math.max(1, table.rowCount()));
    }

    /** The field as an IPC schema states it: a string column as Utf8 values with its dictionary's encoding. */
    private Field messageField(Column<?> column, ArrowType type, int index) {
        if (!type.equals(FrameColumnTypes.UTF8)) {
            return new Field(column.name(), FieldType.nullable(type), null);
        }
        DictionaryEncoding encoding = new DictionaryEncoding(index, false, (ArrowType.Int) FrameColumnTypes.INT);
        dictionaries.put(new Dictionary(dictionaryOf((StringColumn) column), encoding));
        return new Field(column.name(), new FieldType(true, FrameColumnTypes.UTF8, encoding), null);
    }

    private static long pad8(long n) {
        return (n + 7) & ~7L;
    }

    /**
     * One record batch: rows {@code [start, start + rows)}. Its body holds, for each column, a validity bitmap and a
     * data buffer, each padded to 8 bytes; the metadata before it is a flatbuffer Message whose size does not depend
     * on the null counts (they sit in fixed-size structs), so its room is reserved first and filled last.
     */
    private final class BatchWriter {
        private final FileChannel out;
        private final long position;
        private final int start;
        private final int rows;
        private final long[] nullCounts = new long[table.columnCount()];
        private final long[] bufferOffsets = new long[2 * table.columnCount()];
        private final long[] bufferLengths = new long[2 * table.columnCount()];
        private final long bodyLength;

        BatchWriter(FileChannel out, long position, int start, int rows) {
            this.out = out;
            this.position = position;
            this.start = start;
            this.rows = rows;
            long offset = 0;
            for (int c = 0; c < table.columnCount(); c++) {
                bufferOffsets[2 * c] = offset;
                bufferLengths[2 * c] = (rows + 7) / 8;
                offset += pad8(bufferLengths[2 * c]);
                bufferOffsets[2 * c + 1] = offset;
                bufferLengths[2 * c + 1] = types.get(c).equals(FrameColumnTypes.BOOL) ? (rows + 7) / 8
                        : (long) rows * width(c);
                offset += pad8(bufferLengths[2 * c + 1]);
            }
            this.bodyLength = offset;
        }

        ArrowBlock write() throws IOException {
            int metadataLength = metadata().remaining();
            long body = position + metadataLength;
            for (int c = 0; c < table.columnCount(); c++) {
                long[] validity = new long[(rows + 63) / 64];
                Arrays.fill(validity, -1L);
                nullCounts[c] = writeData(c, body + bufferOffsets[2 * c + 1], validity);
                ByteBuffer bits = ByteBuffer.allocate(validity.length * 8).order(ByteOrder.LITTLE_ENDIAN);
                bits.asLongBuffer().put(validity);
                writeFully(bits, body + bufferOffsets[2 * c]);
            }
            ByteBuffer meta = metadata();
            if (meta.remaining() != metadataLength) {
                throw new IllegalStateException("record batch metadata changed size: reserved=" + metadataLength
                        + ", written=" + meta.remaining());
            }
            writeFully(meta, position);
            return new ArrowBlock(position, metadataLength, bodyLength);
        }

        /** The encapsulated message: continuation, length, flatbuffer, zero padding to a multiple of 8. */
        private ByteBuffer metadata() {
            FlatBufferBuilder b = new FlatBufferBuilder(256);
            int n = table.columnCount();
            RecordBatch.startBuffersVector(b, 2 * n);
            for (int i = 2 * n - 1; i >= 0; i--) {
                org.apache.arrow.flatbuf.Buffer.createBuffer(b, bufferOffsets[i], bufferLengths[i]);
            }
            int buffers = b.endVector();
            RecordBatch.startNodesVector(b, n);
            for (int c = n - 1; c >= 0; c--) {
                FieldNode.createFieldNode(b, rows, nullCounts[c]);
            }
            int nodes = b.endVector();
            RecordBatch.startRecordBatch(b);
            RecordBatch.addLength(b, rows);
            RecordBatch.addNodes(b, nodes);
            RecordBatch.addBuffers(b, buffers);
            int batch = RecordBatch.endRecordBatch(b);
            Message.startMessage(b);
            Message.addVersion(b, MetadataVersion.V5);
            Message.addHeaderType(b, MessageHeader.RecordBatch);
            Message.addHeader(b, batch);
            Message.addBodyLength(b, bodyLength);
            b.finish(Message.endMessage(b));
            ByteBuffer flatbuffer = b.dataBuffer();
            int length = (int) pad8(8 + flatbuffer.remaining()) - 8;
            ByteBuffer meta = ByteBuffer.allocate(8 + length).order(ByteOrder.LITTLE_ENDIAN);
            meta.putInt(FrameDescriptor.CONTINUATION).putInt(length).put(flatbuffer);
            return meta.position(0);
        }

        /** Writes column {@code c}'s values from {@code at}, clearing the validity bit of each missing one. */
        private long writeData(int c, long at, long[] validity) throws IOException {
            Column<?> column = table.column(c);
            long nulls = 0;
            if (column instanceof BooleanColumn bools) {
                byte[] bits = new byte[(rows + 7) / 8];
                for (int i = 0; i < rows; i++) {
                    byte v = bools.getByte(start + i);
                    if (v == 1) {
                        bits[i >> 3] |= (byte) (1 << (i & 7));
                    } else if (v != 0) {
                        validity[i >> 6] &= ~(1L << i);
                        nulls++;
                    }
                }
                writeFully(ByteBuffer.wrap(bits), at);
                return nulls;
            }
            int width = width(c);
            for (int from = 0; from < rows; from += CHUNK) {
                int m = Math.min(CHUNK, rows - from);
                nulls += ColumnChunks.read(column, start + from, m, longs, ints, validity, from,
                        stringIndexes.get(column.name()));
                chunk.clear();
                if (width == 8) {
                    chunk.asLongBuffer().put(longs, 0, m); // doubles as their bits: the same bytes
                } else if (width == 4) {
                    chunk.asIntBuffer().put(ints, 0, m);
                } else {
                    ShortBuffer shorts = chunk.asShortBuffer();
                    for (int i = 0; i < m; i++) {
                        shorts.put(i, (short) ints[i]);
                    }
                }
                chunk.limit(m * width);
                writeFully(chunk, at + (long) from * width);
            }
            return nulls;
        }

        private void writeFully(ByteBuffer b, long at) throws IOException {
            long p = at;
            while (b.hasRemaining()) {
                p += out.write(b, p);
            }
        }
    }

    private int width(int column) {
        ArrowType t = types.get(column);
        if (t.equals(FrameColumnTypes.SHORT)) {
            return 2;
        }
        return FrameColumnTypes.bytesPerValue(t) == 8 ? 8 : 4;
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
}
