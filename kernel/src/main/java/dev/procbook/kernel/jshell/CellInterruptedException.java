package dev.procbook.kernel.jshell;

/** Thrown when an interrupt request stopped a running cell; the variables defined before it are kept. */
public final class CellInterruptedException extends RuntimeException {

    public CellInterruptedException() {
        super("interrupted: the cell was stopped by an interrupt request; variables defined before it are kept");
    }
}
