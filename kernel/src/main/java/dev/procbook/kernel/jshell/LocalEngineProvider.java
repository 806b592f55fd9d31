package dev.procbook.kernel.jshell;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.util.Map;

/**
 * Runs snippets in the kernel JVM with JShell's {@link LocalExecutionControl}, whose {@code stop()} interrupts
 * a running cell on JDK 17 and 25, loading classes through our {@link SnippetLoaderDelegate}.
 */
final class LocalEngineProvider implements ExecutionControlProvider {

    private final SnippetLoaderDelegate delegate;

    LocalEngineProvider(SnippetLoaderDelegate delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return "procbook-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return new LocalExecutionControl(delegate);
    }
}
