package dev.procbook.kernel.jshell;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into JShell snippets, keeping where each one starts in the cell so errors can name the line.
 */
final class SnippetSplitter {

    /** One snippet: its source as JShell wants it and its offset in the cell. */
    record Piece(String source, int offset, boolean typedSemicolon) {

        /** Where the snippet's first non-blank character is in the cell: JShell numbers its lines from there. */
        int codeOffset() {
            return offset + leadingBlanks(source);
        }
    }

    private SnippetSplitter() {
    }

    /**
     * Returns the snippets of {@code cell} in order.
     *
     * @throws IncompleteCellException when the cell ends inside a statement
     */
    static List<Piece> split(SourceCodeAnalysis analysis, String cell) {
        List<Piece> pieces = new ArrayList<>();
        int consumed = 0;
        String remaining = cell;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case EMPTY:
                    return pieces;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    throw new IncompleteCellException(new CellText(cell).lineOf(consumed + leadingBlanks(remaining)),
                            remaining);
                case UNKNOWN:
                    pieces.add(new Piece(remaining, consumed + leadingBlanks(remaining), false));
                    return pieces;
                default:
                    String source = info.source();
                    String core = source;
                    if (info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI
                            && core.endsWith(";")) {
                        core = core.substring(0, core.length() - 1);
                    }
                    // Diag positions count from the start of source, leading blanks included
                    int at = remaining.indexOf(core);
                    if (at < 0) {
                        int stripped = remaining.indexOf(core.strip());
                        at = stripped >= 0 ? Math.max(0, stripped - leadingBlanks(core)) : leadingBlanks(remaining);
                    }
                    int offset = consumed + at;
                    boolean typed = info.completeness() == SourceCodeAnalysis.Completeness.COMPLETE
                            && source.strip().endsWith(";");
                    pieces.add(new Piece(source, offset, typed));
                    String rest = info.remaining();
                    consumed += remaining.length() - rest.length();
                    remaining = rest;
            }
        }
        return pieces;
    }

    private static int leadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

}
