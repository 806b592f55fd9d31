package dev.procbook.kernel.jshell;

/** Thrown when an interrupt request stopped a running cell; the variables defined before it are kept. */
public final class CellInterruptedException extends RuntimeException {

    public CellInterruptedException() {
        this(false);
    }

    /**
     * @param threadsStopped whether the cell ran on after the interrupt and its threads were stopped outright (JDK
     *                       17's {@code Thread.stop}), which may have ended a class's initializer half-way
     */
    public CellInterruptedException(boolean threadsStopped) {
        super("interrupted: the cell was stopped by an interrupt request; variables defined before it are kept"
                + (threadsStopped ? ". It ran on for " + CellExecutionControl.STOP_GRACE_MILLIS / 1000 + " s in code"
                + " that neither waits nor loops in a cell (a long computation in a library), so its threads were"
                + " stopped outright: a class they were initializing, if any, stays unusable until the kernel restarts"
                : ""));
    }
}
