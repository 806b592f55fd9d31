package dev.procbook.progress;

import java.util.Objects;

/**
 * Entry point for reporting progress: {@code try (var p = Progress.start("map", n)) { ... p.advance(1); }}.
 *
 * <p>The factory in force is process-wide; the kernel installs one at start-up with {@link #install}.
 */
public final class Progress {

    private static final ProgressReporter SILENT = new ProgressReporter() {
        @Override
        public void advance(long done) {
        }

        @Override
        public void close() {
        }
    };

    private static volatile ProgressReporterFactory factory = (label, total) -> SILENT;

    private Progress() {
    }

    /** Starts reporting a piece of work; never null, a silent reporter when no front end listens. */
    public static ProgressReporter start(String label, long total) {
        return factory.create(label, total);
    }

    /** Makes {@code newFactory} the process-wide factory and returns the one it replaces. */
    public static ProgressReporterFactory install(ProgressReporterFactory newFactory) {
        ProgressReporterFactory old = factory;
        factory = Objects.requireNonNull(newFactory, "newFactory");
        return old;
    }
}
