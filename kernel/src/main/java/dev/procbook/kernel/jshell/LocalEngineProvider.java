package dev.procbook.kernel.jshell;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/**
 * Runs snippets in the kernel JVM with {@link CellExecutionControl}, JShell's local engine (whose {@code stop()}
 * interrupts a running cell on JDK 17 and 25) without the formatting of values, loading classes through our
 * {@link SnippetLoaderDelegate}.
 */
final class LocalEngineProvider implements ExecutionControlProvider {

    private final SnippetLoaderDelegate delegate;
    private final SnippetRuns runs;
    private volatile CellExecutionControl control;

    LocalEngineProvider(SnippetLoaderDelegate delegate, SnippetRuns runs) {
        this.delegate = delegate;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "procbook-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        control = new CellExecutionControl(delegate, runs);
        return control;
    }

    /** The engine JShell runs snippets on, which the expression path runs its cells on too. */
    CellExecutionControl control() {
        CellExecutionControl c = control;
        if (c == null) {
            throw new IllegalStateException("JShell has not started its execution engine");
        }
        return c;
    }
}
