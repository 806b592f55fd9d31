package dev.procbook.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * Attaches an Arrow IPC file without copying it: reads the footer with two small positional reads, then maps each
 * dictionary and record batch block on its own, wraps the mapping as an {@link ArrowBuf} of a foreign allocation,
 * and loads vectors whose buffers are slices of it. Nothing is read per row, so attaching takes the same time for
 * any number of rows; a block's mapping is unmapped when the last vector using it is closed.
 *
 * <p>Every offset and length is checked against the file's size before it is used (see {@link FrameDescriptor}),
 * and anything Arrow's own parsing throws becomes a {@link FrameFormatException}.
 */
final class FrameReader {

    private final String name;
    private final FileChannel channel;
    private final FileChannel.MapMode mode;
    private final BufferAllocator allocator;

    private FrameReader(String name, FileChannel channel, FileChannel.MapMode mode, BufferAllocator allocator) {
        this.name = name;
        this.channel = channel;
        this.mode = mode;
        this.allocator = allocator;
    }

    /** What an attach yields: the schema as vectors see it, the batches, and the dictionaries by id. */
    record Attached(Schema schema, List<VectorSchemaRoot> batches, Map<Long, Dictionary> dictionaries) {

        void close() {
            batches.forEach(VectorSchemaRoot::close);
            dictionaries.values().forEach(d -> d.getVector().close());
        }
    }

    /**
     * Attaches the file open in {@code channel}; the channel may be closed afterwards.
     *
     * @throws FrameFormatException      if the file is not a well-formed Arrow IPC file
     * @throws UnsupportedFrameException if it uses compression or delta dictionaries
     */
    static Attached attach(String name, FileChannel channel, FileChannel.MapMode mode, BufferAllocator allocator) {
        return new FrameReader(name, channel, mode, allocator).attach();
    }

    private Attached attach() {
        long size;
        ArrowFooter footer;
        try {
            size = channel.size();
            ByteBuffer head = read(0, (int) Math.min(size, FrameDescriptor.HEADER_BYTES));
            ByteBuffer tail = read(Math.max(0, size - FrameDescriptor.TRAILER_BYTES),
                    (int) Math.min(size, FrameDescriptor.TRAILER_BYTES));
            long footerOffset = FrameDescriptor.checkEnds(name, size, head, tail);
            int footerLength = (int) (size - FrameDescriptor.TRAILER_BYTES - footerOffset);
            footer = new ArrowFooter(Footer.getRootAsFooter(read(footerOffset, footerLength)));
            return load(footer, footerOffset);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read frame: name=" + name, e);
        } catch (FrameFormatException | UnsupportedFrameException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FrameFormatException(name, "Arrow could not parse it: " + e, e);
        }
    }

    private Attached load(ArrowFooter footer, long footerOffset) throws IOException {
        Map<Long, Dictionary> dictionaries = new HashMap<>();
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try {
            List<Field> fields = new ArrayList<>();
            for (Field f : footer.getSchema().getFields()) {
                fields.add(DictionaryUtility.toMemoryFormat(f, allocator, dictionaries));
            }
            Schema schema = new Schema(fields, footer.getSchema().getCustomMetadata());
            for (ArrowBlock block : footer.getDictionaries()) {
                loadDictionary(block, footerOffset, dictionaries);
            }
            for (ArrowBlock block : footer.getRecordBatches()) {
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                batches.add(root);
                try (ArrowRecordBatch batch = recordBatch(block, footerOffset, MessageHeader.RecordBatch)) {
                    new VectorLoader(root).load(batch);
                }
                ValueVectorUtility.validate(root);
            }
            return new Attached(schema, batches, dictionaries);
        } catch (IOException | RuntimeException e) {
            new Attached(null, batches, dictionaries).close();
            throw e;
        }
    }

    private void loadDictionary(ArrowBlock block, long footerOffset, Map<Long, Dictionary> dictionaries)
            throws IOException {
        Mapped m = map(block, footerOffset);
        ArrowRecordBatch batch;
        DictionaryBatch db;
        try {
            if (m.message.headerType() != MessageHeader.DictionaryBatch) {
                throw new FrameFormatException(name, "dictionary block holds another message: type="
                        + MessageHeader.name(m.message.headerType()));
            }
            db = (DictionaryBatch) m.message.header(new DictionaryBatch());
            if (db.isDelta()) {
                throw new UnsupportedFrameException(name, "delta dictionary id=" + db.id());
            }
            if (!dictionaries.containsKey(db.id())) {
                throw new FrameFormatException(name, "dictionary not in the schema: id=" + db.id());
            }
            check(db.data());
            checkBuffers(db.data(), m.bodyLength);
        } catch (RuntimeException e) {
            m.buffer.close();
            throw e;
        }
        batch = MessageSerializer.deserializeRecordBatch(db.data(), m.buffer.slice(m.bodyOffset, m.bodyLength));
        FieldVector vector = dictionaries.get(db.id()).getVector();
        VectorSchemaRoot root = new VectorSchemaRoot(List.of(vector.getField()), List.of(vector), 0);
        try (batch) {
            new VectorLoader(root).load(batch);
        }
        ValueVectorUtility.validate(vector);
    }

    /** The record batch of a block; the batch takes over the block's mapping (Arrow releases it with the batch). */
    private ArrowRecordBatch recordBatch(ArrowBlock block, long footerOffset, byte type) throws IOException {
        Mapped m = map(block, footerOffset);
        RecordBatch rb;
        try {
            if (m.message.headerType() != type) {
                throw new FrameFormatException(name, "record batch block holds another message: type="
                        + MessageHeader.name(m.message.headerType()));
            }
            rb = (RecordBatch) m.message.header(new RecordBatch());
            check(rb);
            checkBuffers(rb, m.bodyLength);
        } catch (RuntimeException e) {
            m.buffer.close();
            throw e;
        }
        return MessageSerializer.deserializeRecordBatch(rb, m.buffer.slice(m.bodyOffset, m.bodyLength));
    }

    /** Checks a record batch's counts and that each of its buffers lies inside the body, before any is sliced. */
    private void check(RecordBatch rb) {
        if (rb == null) {
            throw new FrameFormatException(name, "message without a record batch");
        }
        if (rb.compression() != null) {
            throw new UnsupportedFrameException(name, "compression=" + CompressionType.name(rb.compression().codec()));
        }
        if (rb.length() < 0 || rb.length() > Integer.MAX_VALUE) {
            throw new FrameFormatException(name, "row count out of range: length=" + rb.length());
        }
        for (int i = 0; i < rb.nodesLength(); i++) {
            long length = rb.nodes(i).length();
            long nulls = rb.nodes(i).nullCount();
            if (length < 0 || length > rb.length() || nulls < 0 || nulls > length) {
                throw new FrameFormatException(name, "field node out of range: length=" + length + ", nullCount="
                        + nulls + ", rows=" + rb.length());
            }
        }
    }

    private void checkBuffers(RecordBatch rb, long bodyLength) {
        for (int i = 0; i < rb.buffersLength(); i++) {
            FrameDescriptor.checkBuffer(name, rb.buffers(i).offset(), rb.buffers(i).length(), bodyLength);
        }
    }

    /** A block mapped: the whole block as one buffer, its parsed message, and where the body starts. */
    private record Mapped(ArrowBuf buffer, Message message, long bodyOffset, long bodyLength) {
    }

    private Mapped map(ArrowBlock block, long footerOffset) throws IOException {
        long offset = block.getOffset();
        long metadataLength = block.getMetadataLength();
        long bodyLength = block.getBodyLength();
        FrameDescriptor.checkBlock(name, offset, metadataLength, bodyLength, footerOffset);
        int length = (int) (metadataLength + bodyLength);
        MappedByteBuffer region = channel.map(mode, offset, length);
        ArrowBuf buffer = allocator.wrapForeignAllocation(new ForeignAllocation(length, BufferUtil.address(region)) {
            @Override
            protected void release0() {
                IoUtil.unmap(region);
            }
        });
        try {
            ByteBuffer meta = region.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int first = meta.getInt(0);
            int start = first == FrameDescriptor.CONTINUATION ? 8 : 4;
            int messageLength = first == FrameDescriptor.CONTINUATION ? meta.getInt(4) : first;
            if (messageLength <= 0 || start + (long) messageLength > metadataLength) {
                throw new FrameFormatException(name, "message outside its block: offset=" + offset
                        + ", messageLength=" + messageLength + ", metadataLength=" + metadataLength);
            }
            // parsed from a heap copy (a few hundred bytes): the mapping may be unmapped while the message is read
            byte[] copy = new byte[messageLength];
            meta.get(start, copy);
            Message message = Message.getRootAsMessage(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
            if (message.bodyLength() < 0 || message.bodyLength() > bodyLength) {
                throw new FrameFormatException(name, "message body longer than its block: bodyLength="
                        + message.bodyLength() + ", blockBodyLength=" + bodyLength);
            }
            return new Mapped(buffer, message, metadataLength, bodyLength);
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new FrameFormatException(name, "file shorter than it says: position=" + position
                        + ", length=" + length);
            }
        }
        return b.flip();
    }
}
