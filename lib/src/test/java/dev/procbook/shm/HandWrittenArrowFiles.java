package dev.procbook.shm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.BodyCompressionMethod;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowBodyCompression;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow IPC files written message by message, to make the well-formed files ArrowFileWriter never writes: one whose
 * record batch says it is LZ4-compressed, and one whose dictionary batch is a delta. One string column, "s".
 */
final class HandWrittenArrowFiles {

    private HandWrittenArrowFiles() {
    }

    static void write(Path path, boolean compressed, boolean deltaDictionary) throws IOException {
        ArrowType.Int int32 = new ArrowType.Int(32, true);
        DictionaryEncoding encoding = new DictionaryEncoding(0, false, int32);
        Schema messageSchema = new Schema(List.of(
                new Field("s", new FieldType(true, ArrowType.Utf8.INSTANCE, encoding), null)));
        try (BufferAllocator allocator = new RootAllocator();
             VarCharVector dict = new VarCharVector("s", allocator);
             IntVector index = new IntVector("s", allocator);
             FileChannel fc = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            dict.allocateNew(2);
            dict.setSafe(0, "a".getBytes(StandardCharsets.UTF_8));
            dict.setSafe(1, "b".getBytes(StandardCharsets.UTF_8));
            dict.setValueCount(2);
            index.allocateNew(3);
            index.set(0, 0);
            index.set(1, 1);
            index.set(2, 0);
            index.setValueCount(3);
            WriteChannel out = new WriteChannel(fc);
            out.write(FrameDescriptor.MAGIC);
            out.align();
            MessageSerializer.serialize(out, messageSchema);
            List<ArrowBlock> dictionaries = new ArrayList<>();
            List<ArrowBlock> batches = new ArrayList<>();
            try (VectorSchemaRoot dictRoot = VectorSchemaRoot.of(dict);
                 ArrowRecordBatch dictData = new VectorUnloader(dictRoot).getRecordBatch();
                 ArrowDictionaryBatch dictBatch = new ArrowDictionaryBatch(0, dictData, deltaDictionary)) {
                dictionaries.add(MessageSerializer.serialize(out, dictBatch));
            }
            try (VectorSchemaRoot root = VectorSchemaRoot.of(index);
                 ArrowRecordBatch plain = new VectorUnloader(root).getRecordBatch()) {
                ArrowRecordBatch batch = compressed
                        ? new ArrowRecordBatch(plain.getLength(), plain.getNodes(), plain.getBuffers(),
                                new ArrowBodyCompression(CompressionType.LZ4_FRAME, BodyCompressionMethod.BUFFER))
                        : plain;
                batches.add(MessageSerializer.serialize(out, batch));
                if (batch != plain) {
                    batch.close();
                }
            }
            long footerStart = out.getCurrentPosition();
            out.write(new ArrowFooter(messageSchema, dictionaries, batches), false);
            out.writeIntLittleEndian((int) (out.getCurrentPosition() - footerStart));
            out.write(FrameDescriptor.MAGIC);
        }
    }
}
