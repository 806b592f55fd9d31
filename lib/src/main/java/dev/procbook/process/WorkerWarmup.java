package dev.procbook.process;

/**
 * Work a standby worker does while it waits, so that the first task given to it finds code loaded and compiled:
 * a library that workers use (shared frames, for one) names its warm-up in
 * {@code META-INF/services/dev.procbook.process.WorkerWarmup}. Warm-ups run in standby workers only, never on the
 * start path of a worker that was asked for; one that throws is skipped.
 */
public interface WorkerWarmup {

    /** Loads and exercises what a first task would; runs once, in the worker. */
    void warm();
}
