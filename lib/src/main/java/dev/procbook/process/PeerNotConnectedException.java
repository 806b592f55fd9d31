package dev.procbook.process;

import java.time.Duration;

/**
 * Thrown when an end of a {@link Pipe} has to wait for its partner end, which was never used anywhere, for longer
 * than the pipe's connect timeout (see {@link Pipe#open(boolean, Duration)}).
 */
public class PeerNotConnectedException extends RuntimeException {

    private final long pipeId;
    private final int end;
    private final Duration timeout;

    /** Creates the exception for end {@code end} of pipe {@code pipeId}, which waited {@code timeout}. */
    public PeerNotConnectedException(long pipeId, int end, Duration timeout) {
        super("peer end never connected: pipe=" + pipeId + ", end=" + end + ", timeout=" + timeout);
        this.pipeId = pipeId;
        this.end = end;
        this.timeout = timeout;
    }

    /** The pipe whose other end never connected. */
    public long pipeId() {
        return pipeId;
    }

    /** The end that waited: 0 for {@link Pipe#a()}, 1 for {@link Pipe#b()}. */
    public int end() {
        return end;
    }

    /** How long it waited. */
    public Duration timeout() {
        return timeout;
    }
}
