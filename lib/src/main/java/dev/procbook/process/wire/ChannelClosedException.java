package dev.procbook.process.wire;

/** Thrown when the peer of a channel has closed it, or it was closed locally, while a message was expected. */
public class ChannelClosedException extends RuntimeException {

    private final String channel;

    /** Creates the exception for {@code channel}, a short description such as a socket path. */
    public ChannelClosedException(String channel) {
        super("channel closed: channel=" + channel);
        this.channel = channel;
    }

    /** The channel that was closed. */
    public String channel() {
        return channel;
    }
}
