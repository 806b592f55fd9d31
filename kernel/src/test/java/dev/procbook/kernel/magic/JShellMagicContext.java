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
 * A magic context on a real JShell, as the kernel gives one, with its output kept for the test to read; as a JUnit
 * extension ({@code @RegisterExtension static}) it closes its JShell after the test class.
 */
final class JShellMagicContext implements MagicContext, AutoCloseable, AfterAllCallback {

    private final JShellEvaluator evaluator;
    private final Magics magics;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    JShellMagicContext(Magics magics) {
        this.evaluator = new JShellEvaluator(List.of(), out, out);
        this.magics = magics;
    }

    @Override
    public Value evalCell(String code) {
        Object value = new CellRunner(evaluator, magics).run(code, "test", this);
        return value instanceof Value v ? v : null;
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
