package dev.procbook.kernel.jshell;

import jdk.jshell.JShell;
import jdk.jshell.execution.LocalExecutionControlProvider;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Warms the JIT for JShell's compiler by evaluating throw-away snippets in a second, private JShell on a
 * low-priority daemon thread, so a user's first cells compile about as fast as later ones.
 *
 * <p>The compiler's classes are shared by every JShell in the JVM, so what the JIT compiles here speeds up the
 * user's JShell too; the private instance keeps the user's snippets, numbering and state untouched. Warming uses
 * only the time before the first cell: {@link #stop()} ends it, so it never competes with, or shows up in the
 * memory measurements of, the user's code.
 */
public final class CompilerWarmer {

    private static final long STOP_WAIT_MILLIS = 2000;

    private final Thread thread;
    private volatile boolean stopping;

    private CompilerWarmer(Thread thread) {
        this.thread = thread;
    }

    /** Snippets of the kinds users run most: expressions, declarations, calls, lambdas. */
    private static final List<String> SNIPPETS = List.of(
            "1 + 1", "var w = 3;", "w * 2", "String.valueOf(w)", "int twice(int a) { return 2 * a; }",
            "twice(w)", "java.util.List.of(1, 2, 3).stream().map(i -> i * i).toList()",
            "record P(int a, int b) { }", "new P(1, 2)", "for (int i = 0; i < 3; i++) { w += i; }");

    /**
     * Starts warming: at most {@code rounds} passes over the sample snippets with {@code classPath} on the class
     * path, until done or {@link #stop()}.
     */
    public static CompilerWarmer start(String classPath, List<String> imports, int rounds) {
        return start(classPath, imports, rounds, () -> { });
    }

    /**
     * Starts warming as {@link #start(String, List, int)} does, running {@code first} (the expression path's warming,
     * say) on the warmer's thread before the first pass over the snippets. Only once: warming it in every pass made
     * later cells no faster than the user's own first cells do, and held 13 MiB more in an idle kernel (JDK 17).
     */
    public static CompilerWarmer start(String classPath, List<String> imports, int rounds, Runnable first) {
        CompilerWarmer[] self = new CompilerWarmer[1];
        Thread t = new Thread(() -> self[0].warm(classPath, imports, rounds, first), "procbook-compiler-warmer");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        self[0] = new CompilerWarmer(t);
        t.start();
        return self[0];
    }

    /**
     * Ends warming after the snippet in progress and waits (briefly) until its JShell is closed; idempotent.
     * The thread is not interrupted: an interrupt would close any NIO channel it touched.
     */
    public void stop() {
        stopping = true;
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warm(String classPath, List<String> imports, int rounds, Runnable first) {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        try (JShell shell = JShell.builder().executionEngine(new LocalExecutionControlProvider(), Map.of())
                .out(discard).err(discard).build()) {
            shell.addToClasspath(classPath);
            imports.forEach(i -> shell.eval("import " + i + ";"));
            first.run();
            for (int r = 0; r < rounds && !stopping; r++) {
                for (String snippet : SNIPPETS) {
                    if (stopping) {
                        return;
                    }
                    shell.sourceCodeAnalysis().analyzeCompletion(snippet);
                    shell.eval(snippet);
                }
            }
        } catch (Throwable e) {
            // warming is an optimisation only: nothing that happens here may reach the user's output
        }
        if (!stopping) {
            // The private JShell is closed: its compiler state and snippets are garbage, some 200 MiB of heap that an
            // idle kernel would otherwise hold until a collection happens to come. One collection now gives it back.
            // Not when a cell stopped the warming: the cell would wait for it, and G1's periodic collection gives the
            // memory back once the kernel is idle.
            System.gc();
        }
    }
}
