package dev.procbook.process;

/**
 * Frames on a pipe's connection: an end used in another process connects to the opener's hub with purpose
 * {@code "pipe:ID:END"} and first receives {@link #PAIRED} once its partner is there; then both ends exchange
 * {@link #OBJECT} (an encoded object) and {@link #BYTES} (raw bytes) frames, relayed by the opener when both ends are
 * elsewhere.
 */
final class PipeProtocol {

    static final String KIND = "pipe";
    /** The partner of the end that receives this is there. */
    static final byte PAIRED = 0;
    static final byte OBJECT = 1;
    static final byte BYTES = 2;

    private PipeProtocol() {
    }

    /** The purpose under which end {@code end} of pipe {@code pipeId} connects to the opener's hub. */
    static String purpose(long pipeId, int end) {
        return KIND + ":" + pipeId + ":" + end;
    }
}
