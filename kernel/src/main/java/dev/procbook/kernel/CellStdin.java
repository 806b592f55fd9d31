package dev.procbook.kernel;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code System.in} while a cell runs: each line is asked of the user with an {@code input_request}. When the front
 * end does not allow stdin, reading says so on the cell's stderr once and then reads as end of input.
 */
final class CellStdin extends InputStream {

    /** Asks the front end for one line (without its line break); null when stdin is not allowed. */
    interface LineSource {
        String readLine(String prompt);
    }

    private final LineSource source;
    private final Supplier<PrintStream> err;
    private byte[] buffer = new byte[0];
    private int position;
    private boolean warned;

    CellStdin(LineSource source, Supplier<PrintStream> err) {
        this.source = source;
        this.err = err;
    }

    /** Forgets buffered input and the warning; called at the start of each cell. */
    synchronized void startCell() {
        buffer = new byte[0];
        position = 0;
        warned = false;
    }

    @Override
    public synchronized int read() {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return buffer.length - position;
    }

    private boolean fill() {
        if (position < buffer.length) {
            return true;
        }
        String line = source.readLine("");
        if (line == null) {
            if (!warned) {
                warned = true;
                err.get().println("System.in: end of input, because this front end does not allow stdin "
                        + "(allow_stdin=false, as when nbconvert runs a notebook headless)");
            }
            return false;
        }
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        position = 0;
        return true;
    }
}
