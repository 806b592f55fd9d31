package dev.procbook.process;

import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.TopLevelValues;
import dev.procbook.process.wire.UndecodableObjectException;
import java.nio.ByteBuffer;

/**
 * Frames between a parent and a worker on their hub connection of purpose {@code "worker:ID"}: the parent sends
 * {@link #TASK} (task id, the id of the top-level values the task reads, those values when this worker has not been
 * sent them yet, and the encoded task) and {@link #STOP}; the worker answers {@link #OK} or {@link #ERROR}
 * (task id, encoded result or exception).
 */
final class WorkerProtocol {

    static final String KIND = "worker";
    static final byte TASK = 1;
    static final byte STOP = 2;
    static final byte OK = 3;
    static final byte ERROR = 4;
    static final String STDIN_MAGIC = "PROCBOOK1";
    /** Task id, values id, values length. */
    private static final int TASK_HEADER = 8 + 8 + 4;

    private WorkerProtocol() {
    }

    /** A {@link #TASK} payload; {@code values} are included when {@code sendValues}, else only their id. */
    static byte[] task(long id, TopLevelValues values, boolean sendValues, byte[] body) {
        byte[] v = sendValues ? values.encoded() : new byte[0];
        return ByteBuffer.allocate(TASK_HEADER + v.length + body.length)
                .putLong(id).putLong(values.id()).putInt(v.length).put(v).put(body).array();
    }

    /** Where the parts of a {@link #TASK} payload lie. */
    record TaskParts(long valuesId, int valuesOffset, int valuesLength, int bodyOffset, int bodyLength) {
        static TaskParts of(byte[] payload) {
            ByteBuffer b = ByteBuffer.wrap(payload);
            long valuesId = b.getLong(8);
            int valuesLength = b.getInt(16);
            if (valuesLength < 0 || valuesLength > payload.length - TASK_HEADER) {
                throw new UndecodableObjectException(Task.class.getName(), "corrupt task frame: values="
                        + valuesLength + ", length=" + payload.length, null);
            }
            int body = TASK_HEADER + valuesLength;
            return new TaskParts(valuesId, TASK_HEADER, valuesLength, body, payload.length - body);
        }
    }

    static byte[] withId(long id, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putLong(id).put(body).array();
    }

    /**
     * The value an {@link #OK} or {@link #ERROR} payload carries after its task id: the result or the exception.
     *
     * @throws dev.procbook.process.wire.UndecodableObjectException if it cannot be decoded here
     */
    static Object result(byte[] payload) {
        return Codec.decode(payload, 8, payload.length - 8);
    }

    static long id(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong();
    }
}
