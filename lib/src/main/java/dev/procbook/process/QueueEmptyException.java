package dev.procbook.process;

import java.time.Duration;

/** Thrown by {@link Queue#get(Duration)} when no item arrived in time, like Python's {@code queue.Empty}. */
public class QueueEmptyException extends RuntimeException {

    private final Duration timeout;

    /** Creates the exception for a wait of {@code timeout} on queue {@code queueId}. */
    public QueueEmptyException(long queueId, Duration timeout) {
        super("queue empty: queue=" + queueId + ", timeout=" + timeout);
        this.timeout = timeout;
    }

    /** How long the caller waited. */
    public Duration timeout() {
        return timeout;
    }
}
