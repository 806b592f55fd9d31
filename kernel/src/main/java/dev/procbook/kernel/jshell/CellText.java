package dev.procbook.kernel.jshell;

/**
 * The text of a cell, and where an offset in it is: the 1-based line and column and the text of that line. The one
 * place that counts lines, for compile problems, stack traces, incomplete cells and code run at its cell line.
 */
public record CellText(String text) {

    /** {@code code} preceded by blank lines so that its first line is line {@code firstLine} of the cell. */
    public static String atLine(String code, int firstLine) {
        return "\n".repeat(Math.max(0, firstLine - 1)) + code;
    }

    /** The number of line breaks in {@code text}. */
    static int lineBreaks(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The 1-based line of {@code offset}, which is clamped to the text. */
    public int lineOf(int offset) {
        return lineBreaks(text.subSequence(0, clamp(offset))) + 1;
    }

    /** The 1-based column of {@code offset} in its line. */
    public int columnOf(int offset) {
        return clamp(offset) - lineStart(offset) + 1;
    }

    /** Where the line holding {@code offset} starts. */
    public int lineStart(int offset) {
        int at = clamp(offset);
        return text.lastIndexOf('\n', at - 1) + 1;
    }

    /** The text of the line holding {@code offset}, without its line break. */
    public String lineTextAt(int offset) {
        int end = text.indexOf('\n', clamp(offset));
        return text.substring(lineStart(offset), end < 0 ? text.length() : end);
    }

    private int clamp(int offset) {
        return Math.max(0, Math.min(offset, text.length()));
    }
}
