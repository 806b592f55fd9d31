package dev.procbook.process;

import java.nio.ByteBuffer;

/**
 * Frames between a parent and a worker on their hub connection of purpose {@code "worker:ID"}: the parent sends
 * {@link #TASK} (task id, encoded task) and {@link #STOP}; the worker answers {@link #OK} or {@link #ERROR}
 * (task id, encoded result or exception).
 */
final class WorkerProtocol {

    static final String KIND = "worker";
    static final byte TASK = 1;
    static final byte STOP = 2;
    static final byte OK = 3;
    static final byte ERROR = 4;
    static final String STDIN_MAGIC = "PROCBOOK1";

    private WorkerProtocol() {
    }

    static byte[] withId(long id, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).putLong(id).put(body).array();
    }

    static long id(byte[] payload) {
        return ByteBuffer.wrap(payload).getLong();
    }
}
