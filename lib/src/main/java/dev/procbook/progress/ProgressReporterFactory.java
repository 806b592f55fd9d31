package dev.procbook.progress;

/** Creates a {@link ProgressReporter} for a piece of work with a label and a known total. */
@FunctionalInterface
public interface ProgressReporterFactory {

    ProgressReporter create(String label, long total);
}
