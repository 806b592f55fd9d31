package dev.procbook.kernel.magic;

import dev.procbook.kernel.jshell.JShellEvaluator;
import dev.procbook.kernel.jshell.Value;

import java.io.PrintStream;

/** What a magic may use of the kernel: evaluation, output, and the registry itself. */
public interface MagicContext {

    /** Evaluates code as the body of a cell (line magics inside it included) and returns its value. */
    Value evalCell(String code);

    /** The JShell evaluator, for magics that compile code themselves. */
    JShellEvaluator evaluator();

    /** The cell's standard output. */
    PrintStream out();

    /** The magics known to this kernel. */
    Magics magics();
}
