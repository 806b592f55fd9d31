package dev.procbook.process;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames between a {@link Queue} handle in another process and the {@link QueueServer} of the hosting one, on a hub
 * connection of purpose {@code "queue:ID"}.
 *
 * <p>Client to server: {@link #PUT} (one encoded item), {@link #GET} ({@code int max, long timeoutNanos}, 0 for no
 * waiting: at most one outstanding per connection), {@link #PUT_BACK} (items a closing handle received but did not
 * consume, batch format). Server to client, one answer per GET: {@link #ITEM} (one encoded item), {@link #ITEMS} (a
 * batch: {@code int count}, then {@code int length, bytes} per item) or {@link #EMPTY} when nothing arrived within
 * the timeout.
 */
final class QueueProtocol {

    static final String KIND = "queue";
    static final byte PUT = 1;
    static final byte GET = 2;
    static final byte ITEM = 3;
    static final byte EMPTY = 4;
    static final byte ITEMS = 5;
    static final byte PUT_BACK = 6;
    /** A batch stops growing past this many bytes, so large items travel one at a time without an extra copy. */
    static final int BATCH_BYTES = 256 * 1024;

    private QueueProtocol() {
    }

    /** A {@link #GET}: at most {@code max} items, waiting at most {@code timeoutNanos} for the first. */
    record Get(int max, long timeoutNanos) {
        byte[] encode() {
            return ByteBuffer.allocate(12).putInt(max).putLong(timeoutNanos).array();
        }

        static Get decode(byte[] payload) {
            ByteBuffer b = ByteBuffer.wrap(payload);
            return new Get(b.getInt(), b.getLong());
        }
    }

    static byte[] encodeBatch(List<byte[]> batch) {
        int size = 4;
        for (byte[] item : batch) {
            size += 4 + item.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(batch.size());
        for (byte[] item : batch) {
            b.putInt(item.length).put(item);
        }
        return b.array();
    }

    static List<byte[]> decodeBatch(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int n = b.getInt();
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] item = new byte[b.getInt()];
            b.get(item);
            out.add(item);
        }
        return out;
    }
}
