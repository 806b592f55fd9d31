package dev.procbook.kernel.display;

import dev.procbook.progress.ProgressReporter;
import dev.procbook.progress.ProgressReporterFactory;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows progress as one display updated in place (a bar, counts, elapsed time and an estimate of what is left),
 * at most ten times a second and once more when the work ends.
 */
public final class ProgressDisplay implements ProgressReporterFactory {

    private static final long MIN_UPDATE_NANOS = 100_000_000L;

    private final Displays displays;

    public ProgressDisplay(Displays displays) {
        this.displays = displays;
    }

    @Override
    public ProgressReporter create(String label, long total) {
        return new Bar(label, total);
    }

    private final class Bar implements ProgressReporter {
        private final String label;
        private final long total;
        private final long started = System.nanoTime();
        private final AtomicLong done = new AtomicLong();
        private final String id;
        private long lastUpdate;
        private boolean closed;

        Bar(String label, long total) {
            this.label = label;
            this.total = total;
            this.id = displays.show(render(label, 0, total, 0, false));
            this.lastUpdate = started;
        }

        @Override
        public void advance(long units) {
            long now = done.addAndGet(units);
            long time = System.nanoTime();
            synchronized (this) {
                if (closed || (time - lastUpdate < MIN_UPDATE_NANOS && now < total)) {
                    return;
                }
                lastUpdate = time;
                displays.update(id, render(label, now, total, time - started, false));
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            displays.update(id, render(label, done.get(), total, System.nanoTime() - started, true));
        }
    }

    /** The display of {@code done} of {@code total} units of {@code label} after {@code elapsedNanos}. */
    static DisplayData render(String label, long done, long total, long elapsedNanos, boolean finished) {
        double fraction = total > 0 ? Math.min(1.0, (double) done / total) : 0.0;
        int width = 30;
        int filled = (int) Math.round(fraction * width);
        String elapsed = String.format(Locale.ROOT, "%.1f s", elapsedNanos / 1e9);
        String eta = done > 0 && done < total
                ? String.format(Locale.ROOT, ", about %.1f s left", elapsedNanos / 1e9 * (total - done) / done) : "";
        String state = finished ? (done >= total ? " done" : " stopped") : "";
        String counts = done + "/" + total + String.format(Locale.ROOT, " (%.0f%%)", fraction * 100);
        String text = label + ": [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + counts + " in "
                + elapsed + eta + state;
        DisplayData data = new DisplayData(text);
        data.putHTML("<div class=\"procbook-progress\"><code>" + TableHtml.escape(label) + "</code> <progress value=\""
                + done + "\" max=\"" + Math.max(total, 1) + "\"></progress> " + TableHtml.escape(counts + " in "
                + elapsed + eta + state) + "</div>");
        return data;
    }
}
