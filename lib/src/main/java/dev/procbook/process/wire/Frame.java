package dev.procbook.process.wire;

/**
 * One message read from a {@link FramedChannel}: a type byte chosen by the protocol and its payload.
 *
 * @param type    the protocol's message type
 * @param payload the bytes of the message, never null
 */
public record Frame(byte type, byte[] payload) {
}
