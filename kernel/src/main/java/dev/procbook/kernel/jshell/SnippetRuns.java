package dev.procbook.kernel.jshell;

import java.util.List;

/**
 * What the evaluator and JShell's execution thread share about the snippets of the cell being run: whether the
 * cell was stopped (interrupted, or because the heap ran out), whether a snippet's code has started, and whom to
 * tell at once when that code runs out of memory.
 */
final class SnippetRuns {

    private volatile boolean interrupted;
    private volatile boolean outOfMemory;
    private volatile boolean codeStarted;
    private volatile boolean codeRunning;
    private volatile boolean threadsStopped;
    private volatile Runnable whenOutOfMemory = () -> { };

    /** Whether a snippet must not start: its cell was stopped before its code ran. */
    boolean stopped() {
        return interrupted || outOfMemory;
    }

    boolean interrupted() {
        return interrupted;
    }

    void interrupt() {
        interrupted = true;
    }

    /** Marks the cell as stopped because the heap ran out, if a snippet's code runs; returns whether it does. */
    boolean stopRunningCode() {
        if (codeRunning) {
            outOfMemory = true;
        }
        return codeRunning;
    }

    /** Forgets the stops of an earlier cell. */
    void clearStops() {
        interrupted = false;
        outOfMemory = false;
        threadsStopped = false;
    }

    /** The cell's threads are being stopped outright, as the last resort of a stop (JDK 17 only). */
    void threadsStopped() {
        threadsStopped = true;
    }

    /**
     * Throws what a stopped cell fails with.
     *
     * @throws CellFailedException      of {@code OutOfMemoryError} when the heap ran out
     * @throws CellInterruptedException when it was interrupted
     */
    void checkStops() {
        if (outOfMemory) {
            throw CellFailedException.outOfMemory("Java heap space", "running the cell, which the kernel stopped",
                    List.of());
        }
        if (interrupted) {
            throw new CellInterruptedException(threadsStopped);
        }
    }

    /** Before a snippet is compiled and run. */
    void beforeSnippet() {
        codeStarted = false;
    }

    /** On the execution thread, as the snippet's code starts. */
    void codeStarts() {
        codeStarted = true;
        codeRunning = true;
    }

    /** The snippet's code has ended, one way or another. */
    void codeEnded() {
        codeRunning = false;
    }

    /** What the cell was doing when the heap ran out during its latest snippet. */
    String doing() {
        return codeStarted ? "running the cell" : "compiling the cell";
    }

    /** Runs {@code action}, which must not allocate much, as soon as a snippet's code runs out of memory. */
    void whenOutOfMemory(Runnable action) {
        whenOutOfMemory = action;
    }

    /** On the execution thread: the snippet's code threw {@link OutOfMemoryError}. */
    void codeRanOutOfMemory() {
        whenOutOfMemory.run();
    }
}
