package dev.procbook.process.wire;

/**
 * A peer sent what the conversation does not allow at that point: a frame of an unknown or unexpected type, a frame
 * longer than allowed, or a payload cut short. The connection cannot be trusted after it and is usually dropped.
 */
public class ProtocolViolationException extends RuntimeException {

    private final String channel;
    private final String violation;

    /** Creates the exception for {@code channel} (a socket path or a pipe's name), saying what was wrong. */
    public ProtocolViolationException(String channel, String violation) {
        super("protocol violation: channel=" + channel + ", " + violation);
        this.channel = channel;
        this.violation = violation;
    }

    /** The channel on which the peer broke the protocol. */
    public String channel() {
        return channel;
    }

    /** What was wrong, as {@code key=value} pairs, e.g. {@code "unknown frame: type=9"}. */
    public String violation() {
        return violation;
    }
}
