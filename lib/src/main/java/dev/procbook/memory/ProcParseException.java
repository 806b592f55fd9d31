package dev.procbook.memory;

/**
 * Thrown when the text of a {@code /proc} file or an imported file does not have the expected shape; a defect.
 */
public final class ProcParseException extends RuntimeException {

    private final String file;
    private final int lineNumber;
    private final String line;
    private final String reason;

    /**
     * Creates the exception; {@code lineNumber} is 1-based, or 0 when the problem is the file as a whole.
     */
    public ProcParseException(String file, int lineNumber, String line, String reason) {
        super("could not parse: file=" + file + ", line=" + lineNumber + ", reason=" + reason
                + (line == null ? "" : ", text=" + line.strip()));
        this.file = file;
        this.lineNumber = lineNumber;
        this.line = line;
        this.reason = reason;
    }

    /** Returns the same failure attributed to {@code newFile}, for parsers that are given only the lines. */
    public ProcParseException inFile(Object newFile) {
        ProcParseException e = new ProcParseException(String.valueOf(newFile), lineNumber, line, reason);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** Returns the file that could not be parsed, or a placeholder when only the lines were given. */
    public String file() {
        return file;
    }

    /** Returns the 1-based line number, or 0 when the problem concerns the whole file. */
    public int lineNumber() {
        return lineNumber;
    }

    /** Returns the offending line, or null when the problem concerns the whole file. */
    public String line() {
        return line;
    }
}
