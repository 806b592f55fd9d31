package dev.procbook.kernel;

import dev.procbook.progress.Progress;
import dev.procbook.progress.ProgressReporter;

/**
 * What a cell can ask of the notebook: rich displays, displays updated in place, input, the pager and progress.
 * The kernel imports these statically at start-up, so a cell writes {@code display(table)}.
 */
public final class Notebook {

    private Notebook() {
    }

    /**
     * Shows the decimals of tables displayed from now on to {@code significantDigits} significant digits (6 by
     * default, as pandas' {@code display.precision}); 0 shows them in full.
     *
     * @throws IllegalArgumentException if {@code significantDigits} is negative or over 17
     */
    public static void displayPrecision(int significantDigits) {
        dev.procbook.kernel.display.TableHtml.precision(significantDigits);
    }

    /** Shows {@code value} rendered (a table as HTML, a chart as PNG, ...) and returns the display's id. */
    public static String display(Object value) {
        ProcbookKernel kernel = ProcbookKernel.current();
        return kernel.show(kernel.renderForDisplay(value));
    }

    /** Replaces what the display {@code id} shows with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        ProcbookKernel kernel = ProcbookKernel.current();
        kernel.update(id, kernel.renderForDisplay(value));
    }

    /** Clears the cell's output now. */
    public static void clearOutput() {
        ProcbookKernel.current().clearOutput(false);
    }

    /** Clears the cell's output, now or (with {@code wait}) just before the next output arrives. */
    public static void clearOutput(boolean wait) {
        ProcbookKernel.current().clearOutput(wait);
    }

    /**
     * Asks the user for a line, like Python's {@code input(prompt)}.
     *
     * @throws StdinNotAllowedException when the front end does not allow stdin (nbconvert, a headless run)
     */
    public static String input(String prompt) {
        return ProcbookKernel.current().readLine(prompt, false);
    }

    /** Asks the user for a line, or returns {@code headlessAnswer} when the front end does not allow stdin. */
    public static String input(String prompt, String headlessAnswer) {
        ProcbookKernel kernel = ProcbookKernel.current();
        return kernel.stdinAllowed() ? kernel.readLine(prompt, false) : headlessAnswer;
    }

    /**
     * Asks for a password: the front end hides what is typed.
     *
     * @throws StdinNotAllowedException when the front end does not allow stdin
     */
    public static String password(String prompt) {
        return ProcbookKernel.current().readLine(prompt, true);
    }

    /** Whether the front end running this cell can answer {@link #input(String)}. */
    public static boolean stdinAllowed() {
        return ProcbookKernel.current().stdinAllowed();
    }

    /** Shows {@code text} in the front end's pager (a panel beside the notebook) instead of the cell output. */
    public static void page(Object text) {
        ProcbookKernel.current().page(String.valueOf(text));
    }

    /** Starts a progress display for {@code total} steps: {@code try (var p = progress("load", n)) {...}}. */
    public static ProgressReporter progress(String label, long total) {
        return Progress.start(label, total);
    }
}
