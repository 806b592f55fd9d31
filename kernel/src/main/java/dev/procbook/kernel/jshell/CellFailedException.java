package dev.procbook.kernel.jshell;

import java.util.List;

/**
 * Thrown when code in a cell threw; carries the original exception's class name, its message and its stack
 * trace trimmed to the user's frames (the frames of JShell and reflection are dropped).
 */
public final class CellFailedException extends RuntimeException {

    private final String exceptionClass;
    private final String detail;
    private final List<String> trace;

    public CellFailedException(String exceptionClass, String detail, List<String> trace) {
        super(detail == null ? exceptionClass : exceptionClass + ": " + detail);
        this.exceptionClass = exceptionClass;
        this.detail = detail == null ? "" : detail;
        this.trace = List.copyOf(trace);
    }

    /** The binary name of the exception the cell threw, e.g. {@code java.lang.ArithmeticException}. */
    public String exceptionClass() {
        return exceptionClass;
    }

    /** Its message, or the empty string. */
    public String detail() {
        return detail;
    }

    /** Lines of the trimmed trace, {@code "Caused by"} sections included. */
    public List<String> trace() {
        return trace;
    }
}
