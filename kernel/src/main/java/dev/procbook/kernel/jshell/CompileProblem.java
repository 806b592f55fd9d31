package dev.procbook.kernel.jshell;

/**
 * One compiler diagnostic, placed in the cell: 1-based line and column, the line's text and the span's length.
 */
public record CompileProblem(int line, int column, int length, String lineText, String message) {

    /** The problem at {@code offset} in {@code cell}, spanning {@code length} characters (cut at the line's end). */
    static CompileProblem at(String cell, int offset, int length, String message) {
        CellText text = new CellText(cell);
        String lineText = text.lineTextAt(offset);
        int column = text.columnOf(offset);
        int span = Math.max(1, Math.min(length, lineText.length() - column + 1));
        return new CompileProblem(text.lineOf(offset), column, span, lineText, message);
    }

    /** Renders the problem as the compiler would: position, source line, a caret marker, message. */
    public String render() {
        String marker = " ".repeat(Math.max(0, column - 1)) + "^".repeat(Math.max(1, length));
        return "line " + line + ", column " + column + ": " + message + "\n    " + lineText + "\n    " + marker;
    }
}
