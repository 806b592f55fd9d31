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

    /**
     * The heap ran out: {@code jvmMessage} (e.g. "Java heap space") and what was being done, with the maximum heap.
     *
     * @param doing what ran out of memory, e.g. "running the cell"
     */
    public static CellFailedException outOfMemory(String jvmMessage, String doing, List<String> trace) {
        return new CellFailedException(OutOfMemoryError.class.getName(), (jvmMessage == null ? "" : jvmMessage + ": ")
                + "the heap ran out while " + doing + ": max=" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MiB (PROCBOOK_HEAP); variables defined before are kept", trace);
    }

    /** Whether the cell failed because the heap ran out. */
    public boolean isOutOfMemory() {
        return exceptionClass.equals(OutOfMemoryError.class.getName());
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
