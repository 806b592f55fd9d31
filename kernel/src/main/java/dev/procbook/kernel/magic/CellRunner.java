package dev.procbook.kernel.magic;

import dev.procbook.kernel.jshell.CellText;
import dev.procbook.kernel.jshell.JShellEvaluator;
import dev.procbook.kernel.jshell.Value;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a cell: a {@code %%magic} first line hands the whole cell to that magic; otherwise runs of Java lines go
 * to JShell and each {@code %magic} line to its magic, in order. The cell's value is the last part's value.
 */
public final class CellRunner {

    private final JShellEvaluator evaluator;
    private final Magics magics;

    public CellRunner(JShellEvaluator evaluator, Magics magics) {
        this.evaluator = evaluator;
        this.magics = magics;
    }

    /** One part of a cell: Java code (with its first line number) or a line magic. */
    record Part(boolean magic, String text, int firstLine) {
    }

    /** Splits a cell without a cell magic into Java runs and line magics. */
    static List<Part> parts(String cell) {
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (trimmed.startsWith("%") && !trimmed.startsWith("%%")) {
                if (!code.toString().isBlank()) {
                    parts.add(new Part(false, code.toString(), codeStart));
                }
                parts.add(new Part(true, trimmed.substring(1), i + 1));
                code.setLength(0);
                codeStart = i + 2;
            } else {
                code.append(lines[i]).append('\n');
            }
        }
        if (!code.toString().isBlank()) {
            parts.add(new Part(false, code.toString(), codeStart));
        }
        return parts;
    }

    /**
     * The context the magics of a cell run in: code they evaluate runs as this runner runs cells, with frames named
     * {@code label}, and they print to {@code out}.
     */
    public MagicContext context(String label, PrintStream out) {
        return new MagicContext() {
            @Override
            public Value evalCell(String code) {
                Object v = run(code, label, this);
                return v instanceof Value value ? value : v == null ? null : new Value(v, v.getClass().getName());
            }

            @Override
            public JShellEvaluator evaluator() {
                return evaluator;
            }

            @Override
            public PrintStream out() {
                return out;
            }

            @Override
            public Magics magics() {
                return magics;
            }
        };
    }

    /** The Java of a part after blank lines, so that line numbers in errors are the cell's. */
    private static String javaAtItsLines(Part part) {
        return CellText.atLine(part.text(), part.firstLine());
    }

    /**
     * Runs a cell and returns its value: a {@link Value} from Java, or whatever the last magic returned.
     *
     * @param label names the cell in stack traces, e.g. {@code "In [4]"}
     */
    public Object run(String cell, String label, MagicContext context) {
        String stripped = cell.stripLeading();
        if (stripped.startsWith("%%")) {
            int nl = stripped.indexOf('\n');
            String header = (nl < 0 ? stripped : stripped.substring(0, nl)).substring(2).strip();
            String body = nl < 0 ? "" : stripped.substring(nl + 1);
            String[] nameAndArgs = header.split("\\s+", 2);
            return magics.cell(nameAndArgs[0]).run(nameAndArgs.length > 1 ? nameAndArgs[1] : "", body, context);
        }
        List<Part> parts = parts(cell);
        if (parts.size() > 1) {
            // as a cell of Java alone, a cell with magics runs nothing when any of its Java has a syntax error
            for (Part part : parts) {
                if (!part.magic()) {
                    evaluator.checkSyntax(javaAtItsLines(part));
                }
            }
        }
        Object last = null;
        for (Part part : parts) {
            if (part.magic()) {
                String[] nameAndArgs = part.text().split("\\s+", 2);
                last = magics.line(nameAndArgs[0]).run(nameAndArgs.length > 1 ? nameAndArgs[1] : "", context);
            } else {
                last = evaluator.eval(javaAtItsLines(part), label);
            }
        }
        return last;
    }
}
