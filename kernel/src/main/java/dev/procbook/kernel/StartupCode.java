package dev.procbook.kernel;

import dev.procbook.kernel.jshell.CompilerWarmer;
import dev.procbook.kernel.jshell.JShellEvaluator;
import dev.procbook.process.wire.UserClassLoaders;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What every session starts with: the common imports, and a warm-up that compiles a few snippets so the first
 * cell a user runs does not pay for loading the compiler.
 */
final class StartupCode {

    static final List<String> IMPORTS = List.of(
            "java.util.*",
            "java.util.function.*",
            "java.util.stream.*",
            "java.util.concurrent.TimeUnit",
            "java.nio.file.Path",
            "java.nio.file.Files",
            "java.time.Duration",
            "java.time.Instant",
            "tech.tablesaw.api.*",
            "tech.tablesaw.aggregate.AggregateFunctions",
            "org.knowm.xchart.*",
            "org.knowm.xchart.style.Styler",
            "dev.procbook.progress.*",
            "dev.procbook.process.*",
            "dev.procbook.process.Queue",
            "dev.procbook.process.wire.Secret",
            "dev.procbook.manager.*",
            "dev.procbook.memory.*",
            "dev.procbook.baseline.*",
            "dev.procbook.report.*",
            "dev.procbook.shm.*",
            "static dev.procbook.kernel.Notebook.*");

    /** Passes of {@link CompilerWarmer} after start-up: about 100 snippets, a few seconds of one core. */
    private static final int WARMING_ROUNDS = 10;

    private final List<String> compilerOptions;
    private volatile CompilerWarmer warmer;
    private final List<String> extraImports;

    StartupCode(List<String> compilerOptions, List<String> extraImports) {
        this.compilerOptions = compilerOptions;
        this.extraImports = extraImports;
    }

    /** Stops warming the compiler, if it still runs: the user's first cell is about to start. */
    void stopWarming() {
        CompilerWarmer w = warmer;
        if (w != null) {
            w.stop();
            warmer = null;
        }
    }

    private List<String> allImports() {
        List<String> all = new ArrayList<>(IMPORTS);
        all.addAll(extraImports);
        return all;
    }

    /**
     * Starts JShell, makes the imports and warms the compiler.
     *
     * @param whenOutOfMemory run as soon as a cell runs out of memory (see {@link JShellEvaluator#whenOutOfMemory})
     */
    JShellEvaluator start(PrintStream out, PrintStream err, Runnable whenOutOfMemory) {
        JShellEvaluator evaluator = new JShellEvaluator(compilerOptions, out, err);
        evaluator.whenOutOfMemory(whenOutOfMemory);
        UserClassLoaders.register(evaluator.classLoader());
        StringBuilder imports = new StringBuilder();
        for (String i : allImports()) {
            imports.append("import ").append(i).append(";\n");
        }
        evaluator.eval(imports.toString(), "startup");
        // a statement, so that JShell (not the expression path, which the warmer warms) compiles and runs it
        evaluator.eval("if (String.valueOf(1 + 1).isEmpty()) { }", "startup");
        evaluator.analysis().completionSuggestions("Str", 3, new int[1]);
        evaluator.analysis().analyzeCompletion("for (int i = 0; i < 1; i++) {");
        warmer = CompilerWarmer.start(System.getProperty("java.class.path"), allImports(), WARMING_ROUNDS,
                evaluator::warmExpressionPath);
        return evaluator;
    }
}
