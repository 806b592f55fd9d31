package dev.procbook.kernel;

import dev.procbook.kernel.jshell.CellFailedException;
import dev.procbook.kernel.jshell.CellInterruptedException;
import dev.procbook.kernel.jshell.CompilationFailedException;
import dev.procbook.kernel.jshell.CompileProblem;
import dev.procbook.kernel.jshell.ExitRefusedException;
import dev.procbook.kernel.jshell.IncompleteCellException;
import dev.procbook.kernel.magic.MagicUsageException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An error as Jupyter shows it: a name, a value and traceback lines (with ANSI colours). */
record KernelError(String name, String value, List<String> traceback) {

    /** The kernel's own refusals, thrown through cell code: shown by a short name, without a stack trace. */
    private static final Map<String, String> PLAIN_NAMES = Map.of(
            StdinNotAllowedException.class.getName(), "StdinNotAllowed",
            ExitRefusedException.class.getName(), "ExitRefused");

    static KernelError of(Throwable e, StringStyler styler) {
        if (e instanceof CompilationFailedException c) {
            List<String> lines = new ArrayList<>();
            for (CompileProblem p : c.problems()) {
                lines.add(styler.secondary("Compilation error at line " + p.line() + ", column " + p.column() + ":"));
                lines.add("    " + p.lineText());
                lines.add(styler.secondary("    " + " ".repeat(p.column() - 1) + "^".repeat(p.length())));
                lines.add(styler.secondary(p.message()));
            }
            CompileProblem first = c.problems().get(0);
            return new KernelError("CompilationError",
                    "line " + first.line() + ", column " + first.column() + ": " + first.message(), lines);
        }
        if (e instanceof CellFailedException f && PLAIN_NAMES.containsKey(f.exceptionClass())) {
            String name = PLAIN_NAMES.get(f.exceptionClass());
            return new KernelError(name, f.detail(), List.of(styler.secondary(name + ": " + f.detail())));
        }
        if (e instanceof CellFailedException f) {
            List<String> lines = new ArrayList<>();
            lines.add(styler.secondary(f.getMessage()));
            lines.addAll(f.trace());
            return new KernelError(f.exceptionClass(), f.detail(), lines);
        }
        if (e instanceof CellInterruptedException) {
            return simple("Interrupted", e, styler);
        }
        if (e instanceof IncompleteCellException) {
            return simple("IncompleteCode", e, styler);
        }
        if (e instanceof MagicUsageException) {
            return simple("UsageError", e, styler);
        }
        if (e instanceof StdinNotAllowedException) {
            return simple("StdinNotAllowed", e, styler);
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return new KernelError(e.getClass().getName(), String.valueOf(e.getMessage()),
                List.of(trace.toString().split("\n")));
    }

    private static KernelError simple(String name, Throwable e, StringStyler styler) {
        return new KernelError(name, e.getMessage(), List.of(styler.secondary(name + ": " + e.getMessage())));
    }
}
