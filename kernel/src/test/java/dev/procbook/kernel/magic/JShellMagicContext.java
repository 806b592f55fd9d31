package dev.procbook.kernel.magic;

import dev.procbook.kernel.jshell.JShellEvaluator;
import dev.procbook.kernel.jshell.Value;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The magic context the kernel gives ({@link CellRunner#context}) on a real JShell, with its output kept for the
 * test to read; as a JUnit
 * extension ({@code @RegisterExtension static}) it closes its JShell after the test class.
 */
final class JShellMagicContext implements MagicContext, AutoCloseable, AfterAllCallback {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private final JShellEvaluator evaluator = new JShellEvaluator(List.of(), out, out);
    private final MagicContext kernels;

    JShellMagicContext(Magics magics) {
        this.kernels = new CellRunner(evaluator, magics).context("test", out);
    }

    @Override
    public Value evalCell(String code) {
        return kernels.evalCell(code);
    }

    @Override
    public JShellEvaluator evaluator() {
        return kernels.evaluator();
    }

    @Override
    public PrintStream out() {
        return kernels.out();
    }

    @Override
    public Magics magics() {
        return kernels.magics();
    }

    String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        evaluator.close();
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        close();
    }
}
