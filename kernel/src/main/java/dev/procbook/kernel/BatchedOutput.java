package dev.procbook.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A cell's stdout or stderr, sent to the front end in batches, as IPython does: a loop printing a million lines
 * becomes a few hundred stream messages instead of a million, so neither the kernel nor the front end drowns.
 *
 * <p>Writers only fill a buffer, and wake the flusher when they find it empty; {@link #drain()} (called by the
 * kernel's flusher a few milliseconds after, when the buffer grows large, and before any other output) publishes
 * what has accumulated, never splitting a UTF-8 character. A {@code flush()} from user code is left to the next
 * drain.
 */
final class BatchedOutput extends OutputStream {

    /** Past this many buffered bytes the writer drains at once rather than waiting for the flusher. */
    private static final int DRAIN_AT = 1 << 16;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
    private final Consumer<String> publish;
    private final Runnable firstWrite;

    /**
     * @param publish    takes each drained batch
     * @param firstWrite runs when a write finds the buffer empty (wakes the flusher); on the writing thread
     */
    BatchedOutput(Consumer<String> publish, Runnable firstWrite) {
        this.publish = publish;
        this.firstWrite = firstWrite;
    }

    @Override
    public synchronized void write(int b) {
        boolean wasEmpty = pending.size() == 0;
        pending.write(b);
        written(wasEmpty);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        boolean wasEmpty = pending.size() == 0;
        pending.write(bytes, offset, length);
        written(wasEmpty);
    }

    private void written(boolean wasEmpty) {
        if (pending.size() >= DRAIN_AT) {
            drain();
        } else if (wasEmpty && pending.size() > 0) {
            firstWrite.run();
        }
    }

    /** Whether anything is buffered, to be published by the next drain. */
    synchronized boolean hasPending() {
        return pending.size() > 0;
    }

    @Override
    public void flush() {
        // published by the next drain, within a few milliseconds
    }

    /** Publishes everything buffered up to the last complete UTF-8 character. */
    synchronized void drain() {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        int complete = completeUtf8Prefix(bytes);
        pending.reset();
        pending.write(bytes, complete, bytes.length - complete);
        if (complete > 0) {
            publish.accept(new String(bytes, 0, complete, StandardCharsets.UTF_8));
        }
    }

    /** The length of the longest prefix of {@code bytes} that does not end inside a multi-byte character. */
    static int completeUtf8Prefix(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xff;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for the lead byte
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
