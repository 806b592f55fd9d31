package dev.procbook.progress;

/**
 * Receives the progress of one piece of long work, such as a {@code Pool.map} over many items.
 *
 * <p>Library code asks {@link Progress#start(String, long)} for a reporter and calls {@link #advance(long)}
 * as work completes; a notebook kernel installs a {@link ProgressReporterFactory} that shows it as a display
 * updated in place. Outside a kernel the reporter does nothing.
 */
public interface ProgressReporter extends AutoCloseable {

    /** Records that {@code done} more units of work have finished. */
    void advance(long done);

    /** Marks the work as finished (or abandoned); idempotent. */
    @Override
    void close();
}
