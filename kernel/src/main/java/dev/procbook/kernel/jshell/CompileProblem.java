package dev.procbook.kernel.jshell;

/**
 * One compiler diagnostic, placed in the cell: 1-based line and column, the line's text and the span's length.
 */
public record CompileProblem(int line, int column, int length, String lineText, String message) {

    /** Renders the problem as the compiler would: position, source line, a caret marker, message. */
    public String render() {
        String marker = " ".repeat(Math.max(0, column - 1)) + "^".repeat(Math.max(1, length));
        return "line " + line + ", column " + column + ": " + message + "\n    " + lineText + "\n    " + marker;
    }
}
