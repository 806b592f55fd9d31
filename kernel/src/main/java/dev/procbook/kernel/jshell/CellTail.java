package dev.procbook.kernel.jshell;

/**
 * The end of a cell as Java sees it: where its last character of code is, past comments and string literals, and
 * whether that character is the semicolon that, as in IPython, keeps a value from being shown.
 *
 * <p>JShell's own split ({@link SnippetSplitter}) cannot say this: the source it returns keeps a trailing comment,
 * so {@code x; // done} and {@code x // done;} look alike there.
 */
record CellTail(String cell, int last) {

    /**
     * Reads {@code cell}; null when it ends inside a comment, a string, a character or a text block (then it is not
     * complete and JShell says so).
     */
    static CellTail of(String cell) {
        int last = -1;
        int i = 0;
        int n = cell.length();
        while (i < n) {
            char c = cell.charAt(i);
            if (c == '/' && i + 1 < n && cell.charAt(i + 1) == '/') {
                int end = cell.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && cell.charAt(i + 1) == '*') {
                int end = cell.indexOf("*/", i + 2);
                if (end < 0) {
                    return null;
                }
                i = end + 2;
            } else if (cell.startsWith("\"\"\"", i)) {
                int end = closing(cell, i + 3, "\"\"\"");
                if (end < 0) {
                    return null;
                }
                last = end - 1;
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = closing(cell, i + 1, String.valueOf(c));
                if (end < 0) {
                    return null;
                }
                last = end - 1;
                i = end;
            } else {
                if (!Character.isWhitespace(c)) {
                    last = i;
                }
                i++;
            }
        }
        return new CellTail(cell, last);
    }

    /** The index just past the unescaped {@code quote} that closes a literal opened before {@code from}, or -1. */
    private static int closing(String cell, int from, String quote) {
        for (int i = from; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '\\') {
                i++;
            } else if (quote.length() == 1 && c == '\n') {
                return -1;
            } else if (cell.startsWith(quote, i)) {
                return i + quote.length();
            }
        }
        return -1;
    }

    /** Whether the cell holds no code at all. */
    boolean isBlank() {
        return last < 0;
    }

    /** Whether the cell's code ends with a semicolon. */
    boolean typedSemicolon() {
        return last >= 0 && cell.charAt(last) == ';';
    }

    /** The cell with its final semicolon, if any, made a space: lines and columns stay where they were. */
    String withoutSemicolon() {
        return typedSemicolon() ? cell.substring(0, last) + ' ' + cell.substring(last + 1) : cell;
    }
}
