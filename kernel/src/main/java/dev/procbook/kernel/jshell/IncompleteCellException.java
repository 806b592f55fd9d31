package dev.procbook.kernel.jshell;

/** Thrown when a cell ends in the middle of a statement or declaration (an unclosed brace, say). */
public final class IncompleteCellException extends RuntimeException {

    private final int line;

    public IncompleteCellException(int line, String source) {
        super("incomplete code: the statement starting at line " + line + " is not finished: " + firstLine(source));
        this.line = line;
    }

    private static String firstLine(String source) {
        String trimmed = source.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl) + " ...";
    }

    public int line() {
        return line;
    }
}
