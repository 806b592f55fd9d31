package dev.procbook.spark;

import java.io.Serializable;

/**
 * What an executor sends back for one chunk: the results, encoded by lib's {@link dev.procbook.process.wire.Codec}
 * so that records and classes from cells decode in the notebook; or the item that failed and its exception.
 *
 * <p>Not a record: Spark's Java serialization of task results reads it in the driver's class loader, and a plain
 * serializable class with a fixed UID reads the same in any JVM of the cluster.
 */
final class ChunkOutcome implements Serializable {

    private static final long serialVersionUID = 1L;

    final long pid;
    final byte[] results;
    final int failedItem;
    final byte[] error;

    private ChunkOutcome(long pid, byte[] results, int failedItem, byte[] error) {
        this.pid = pid;
        this.results = results;
        this.failedItem = failedItem;
        this.error = error;
    }

    static ChunkOutcome done(byte[] results) {
        return new ChunkOutcome(ProcessHandle.current().pid(), results, -1, null);
    }

    /** The chunk's function threw for item {@code item} of the chunk; -1: the chunk could not be decoded. */
    static ChunkOutcome failed(int item, byte[] error) {
        return new ChunkOutcome(ProcessHandle.current().pid(), null, item, error);
    }

    boolean isFailure() {
        return error != null;
    }
}
