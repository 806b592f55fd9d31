package dev.procbook.kernel.jshell;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evaluates cells with JShell's local engine, in the kernel JVM, so that the objects a cell makes are the
 * objects the kernel renders.
 *
 * <p>A cell is split into snippets and each is evaluated once. The value of a trailing expression is read back as
 * an object (not as JShell's string form). Errors come back as {@link CompilationFailedException} (with line and
 * column in the cell), {@link CellFailedException} (with the user's frames) or {@link CellInterruptedException}.
 */
public final class JShellEvaluator implements AutoCloseable {

    private final JShell shell;
    private final SnippetLoaderDelegate delegate;
    private final Map<String, SnippetOrigin> snippetOrigins = new HashMap<>();
    private final SnippetRuns runs = new SnippetRuns();
    private final SessionImports imports;
    /** The fast path for expression cells; null when javac's internals are not exported to the kernel. */
    private final ExpressionCells expressions;
    private final SessionVariables variables;
    private final JShellLeftovers leftovers;
    private boolean clearLeftovers = true;

    /** Starts a JShell whose snippets see the kernel's class path and load through a {@link SnippetClassLoader}. */
    public JShellEvaluator(List<String> compilerOptions, PrintStream out, PrintStream err) {
        this(compilerOptions, out, err, true);
    }

    /**
     * @param expressionPath whether cells that are one expression take the fast path ({@link ExpressionCells}) when
     *                       javac's internals are exported; otherwise every cell goes to JShell
     */
    public JShellEvaluator(List<String> compilerOptions, PrintStream out, PrintStream err, boolean expressionPath) {
        this.delegate = new SnippetLoaderDelegate(JShellEvaluator.class.getClassLoader());
        LocalEngineProvider engine = new LocalEngineProvider(delegate, runs);
        this.shell = JShell.builder()
                .executionEngine(engine, Map.of())
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .out(out)
                .err(err)
                .build();
        String classPath = System.getProperty("java.class.path");
        shell.addToClasspath(classPath);
        this.imports = new SessionImports(shell);
        this.variables = new SessionVariables(shell, imports);
        this.leftovers = JShellLeftovers.of(shell);
        this.expressions = expressionPath && compilerOptions.isEmpty() && PooledCompiler.available()
                ? new ExpressionCells(imports, delegate, engine, snippetOrigins,
                List.of(classPath.split(File.pathSeparator)))
                : null;
    }

    /** What JShell is given for a cell {@code var name = init;}: see {@link ExpressionCells#withVarTypeStated}. */
    String stateVarType(String cell) {
        return expressions == null ? cell : expressions.withVarTypeStated(cell);
    }

    /** How many cells the expression path has run. */
    int expressionPathCells() {
        return expressions == null ? 0 : expressions.taken();
    }

    /** How many sources the expression path has compiled, to run them or to read a {@code var}'s type. */
    int expressionPathCompilations() {
        return expressions == null ? 0 : expressions.compilations();
    }

    /** How many classes of earlier cells the expression path's last compilation was shown. */
    int expressionPathClassesShown() {
        return expressions == null ? 0 : expressions.cellClassesShown();
    }

    /** How many declarations' wrappers the expression path keeps, to name them in its imports. */
    int declarationWrappersKept() {
        return imports.wrappersKept();
    }

    /** How many class files of snippets JShell keeps, or -1 when they are out of the evaluator's reach. */
    int classFilesKept() {
        return leftovers.classFiles();
    }

    /** How many snippets JShell lists, dead ones included, or -1 when its list is out of the evaluator's reach. */
    int snippetsKept() {
        return leftovers.snippets();
    }

    /** How many compiler task pools JShell has had. */
    int taskPools() {
        return leftovers.taskPools();
    }

    /**
     * Leaves JShell all it keeps of every snippet, and its own compiler pool, as JShell alone does: for tests that
     * compare the two.
     */
    void keepLeftovers() {
        clearLeftovers = false;
        leftovers.keepJShellsPool();
    }

    /** How many of JShell's snippets are alive: declarations, imports and {@code $N} variables. */
    int liveSnippets() {
        return (int) shell.snippets().filter(s -> shell.status(s).isActive()).count();
    }

    /**
     * Whether the calling thread runs a cell's code, or was started by it: a thread that a cell's interrupt may stop
     * anywhere, so it must not be left halfway through anything the kernel shares.
     */
    public static boolean onCellThread() {
        return CellExecutionControl.onCellThread();
    }

    /** Whether this JVM lets evaluators compile one-expression cells beside JShell (see {@link PooledCompiler}). */
    public static boolean expressionPathAvailable() {
        return PooledCompiler.available();
    }

    /** Whether cells that are one expression are compiled by the fast path beside JShell. */
    public boolean hasExpressionPath() {
        return expressions != null;
    }

    /**
     * Compiles a few expressions on the fast path, without running them, so that the first expression cells find
     * its compiler warm; for the compiler warmer's thread, before the first cell.
     */
    public void warmExpressionPath() {
        if (expressions != null) {
            expressions.warm();
        }
    }

    /** The class loader of the classes compiled from cells. */
    public SnippetClassLoader classLoader() {
        return delegate.loader();
    }

    /**
     * Evaluates a cell and returns the value of its trailing expression, or null when it ends in a statement or
     * declaration.
     *
     * @param label how frames of this cell are named in stack traces, e.g. {@code "In [3]"}
     * @throws CompilationFailedException when a snippet has a syntax error (then nothing ran) or does not compile
     *                                    (then the snippets before it have run)
     * @throws CellFailedException        when the code throws
     * @throws CellInterruptedException   when {@link #interrupt()} stopped it, or was called before it and since
     *                                    the last {@link #clearStops()}; a {@link CellFailedException} of
     *                                    {@code OutOfMemoryError} when {@link #stopOutOfMemory()} did
     * @throws IncompleteCellException    when the cell ends inside a statement
     */
    public Value eval(String cell, String label) {
        runs.checkStops();
        if (expressions != null) {
            runs.beforeSnippet();
            ExpressionCells.Evaluated evaluated;
            try {
                evaluated = expressions.eval(cell, label);
            } catch (OutOfMemoryError e) {
                throw ranOutOfMemory(e);
            } catch (CellFailedException | CellInterruptedException e) {
                // as for JShell's snippets: a stopped cell reports the stop, not what its code threw on being
                // stopped (a wait interrupted by stop() throws), and how it was stopped
                runs.checkStops();
                throw e;
            }
            if (evaluated != null) {
                runs.checkStops();
                return evaluated.value();
            }
            String stated = expressions.withVarTypeStated(cell);
            if (!stated.equals(cell)) {
                try {
                    return evalInJShell(stated, label);
                } catch (CompilationFailedException e) {
                    // rejected before anything ran (a type JShell cannot name after all): JShell infers it as typed
                }
            }
        }
        return evalInJShell(cell, label);
    }

    private Value evalInJShell(String cell, String label) {
        Value last = null;
        for (SnippetSplitter.Piece piece : checkedPieces(cell, false)) {
            last = evalPiece(cell, piece, label);
            runs.checkStops();
        }
        return last;
    }

    /**
     * Checks that every snippet of a cell parses, without running any.
     *
     * @throws CompilationFailedException naming the line and column of the first syntax error
     * @throws IncompleteCellException    when the cell ends inside a statement
     */
    public void checkSyntax(String cell) {
        checkedPieces(cell);
    }

    private List<SnippetSplitter.Piece> checkedPieces(String cell) {
        return checkedPieces(cell, true);
    }

    /**
     * The snippets of a cell, each parsed first when there are several (or {@code always}), so that a syntax error
     * anywhere runs none of them. A cell of one snippet needs no such pass: JShell rejects it before it runs, at the
     * same line and column, and the pass would cost a third of a declaration cell's time.
     */
    private List<SnippetSplitter.Piece> checkedPieces(String cell, boolean always) {
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(shell.sourceCodeAnalysis(), cell);
        if (always || pieces.size() > 1) {
            SyntaxCheck.check(shell.sourceCodeAnalysis(), cell, pieces);
        }
        return pieces;
    }

    private Value evalPiece(String cell, SnippetSplitter.Piece piece, String label) {
        runs.beforeSnippet();
        List<SnippetEvent> events;
        try {
            events = shell.eval(piece.source());
        } catch (OutOfMemoryError e) {
            throw ranOutOfMemory(e);
        } catch (RuntimeException e) {
            // JShell wraps an error of its compiler in an IllegalStateException
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError oom) {
                    throw ranOutOfMemory(oom);
                }
            }
            throw e;
        }
        imports.changed();
        clearLeftovers();
        List<Class<?>> defined = delegate.drainRecent();
        defined.forEach(type -> delegate.loader().declaredIn(type.getName(), label));
        runs.checkStops();
        Value value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            snippetOrigins.put(snippet.id(),
                    new SnippetOrigin(label, new CellText(cell).lineOf(piece.codeOffset())));
            if (event.status() == Snippet.Status.REJECTED) {
                throw new CompilationFailedException(problems(cell, piece, snippet));
            }
            variables.remember(snippet, defined);
            if (event.exception() != null) {
                throw failure(event.exception());
            }
            value = variables.valueOf(snippet);
            variables.keepRecentTempVars(snippet);
        }
        // as in IPython, a semicolon after the last expression keeps its value from being shown
        return piece.typedSemicolon() ? null : value;
    }

    /**
     * Clears what JShell keeps of snippets no later one can use. Only a saving: when the snippet just run filled the
     * heap (its variable holding it all), clearing waits for a later snippet rather than fail this one with an
     * error of its own, which would escape the cell's report of the {@link OutOfMemoryError} and end the kernel.
     */
    private void clearLeftovers() {
        if (!clearLeftovers) {
            return;
        }
        try {
            leftovers.clear(imports.activeClasses());
        } catch (OutOfMemoryError e) {
            // the imports, cut short, are made again when next asked for: they were marked changed before
        }
    }

    /** JShell's own work for the cell, in the compiler or in reporting what the code did, ran out of memory. */
    private CellFailedException ranOutOfMemory(OutOfMemoryError e) {
        runs.codeRanOutOfMemory();
        return CellFailedException.outOfMemory(e.getMessage(), runs.doing(), List.of());
    }

    private List<CompileProblem> problems(String cell, SnippetSplitter.Piece piece, Snippet snippet) {
        List<CompileProblem> problems = new ArrayList<>();
        for (Diag diag : shell.diagnostics(snippet).collect(Collectors.toList())) {
            if (!diag.isError()) {
                continue;
            }
            int start = (int) Math.max(0, diag.getStartPosition());
            int end = (int) Math.max(start + 1, diag.getEndPosition());
            problems.add(CompileProblem.at(cell, piece.offset() + start, end - start, diag.getMessage(Locale.ROOT)));
        }
        if (problems.isEmpty()) {
            String unresolved = snippet instanceof DeclarationSnippet d
                    ? String.join(", ", shell.unresolvedDependencies(d).collect(Collectors.toList())) : "";
            problems.add(CompileProblem.at(cell, piece.offset(), 1,
                    unresolved.isEmpty() ? "rejected by JShell" : "cannot find: " + unresolved));
        }
        return problems;
    }

    /**
     * A call of a declaration JShell keeps but cannot run: it uses a name not declared yet, or a redefinition of
     * something it uses broke it (a record given another component); names the declaration and what to mend.
     */
    private CellFailedException unresolved(DeclarationSnippet snippet) {
        String missing = String.join(", ", shell.unresolvedDependencies(snippet).collect(Collectors.toList()));
        if (!missing.isEmpty()) {
            return new CellFailedException("UnresolvedReference",
                    "cannot run: " + snippet.name() + " uses " + missing + ", which is not declared yet", List.of());
        }
        String error = shell.diagnostics(snippet).filter(Diag::isError).map(d -> d.getMessage(Locale.ROOT))
                .findFirst().orElse("JShell gave no message");
        return new CellFailedException("UnresolvedReference", "cannot run: " + snippet.name() + " cannot be "
                + (snippet instanceof MethodSnippet ? "called" : "used") + " until this error in it is corrected: "
                + error, List.of());
    }

    private RuntimeException failure(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            return unresolved(unresolved.getSnippet());
        }
        if (exception instanceof EvalException eval && eval.getExceptionClassName().equals(
                OutOfMemoryError.class.getName())) {
            return CellFailedException.outOfMemory(eval.getMessage(), "running the cell", UserTrace.of(eval,
                    snippetOrigins));
        }
        if (exception instanceof EvalException eval) {
            return new CellFailedException(eval.getExceptionClassName(), eval.getMessage(), UserTrace.of(eval,
                    snippetOrigins));
        }
        return new CellFailedException(exception.getClass().getName(), exception.getMessage(), List.of());
    }

    /**
     * Splits a cell into its statements and declarations, in order, with the line each starts on.
     *
     * @throws CompilationFailedException when a statement has a syntax error
     * @throws IncompleteCellException    when the cell ends inside a statement
     */
    public List<CellStatement> snippets(String cell) {
        return checkedPieces(cell).stream()
                .map(piece -> new CellStatement(piece.source().strip(),
                        new CellText(cell).lineOf(piece.codeOffset())))
                .collect(Collectors.toList());
    }

    /**
     * Evaluates one statement of a cell so that errors and stack traces name its line in the cell.
     *
     * @see #eval(String, String)
     */
    public Value eval(CellStatement statement, String label) {
        return eval(CellText.atLine(statement.source(), statement.line()), label);
    }

    /**
     * Stops the running cell, or the next one to start until {@link #clearStops()}: an interrupt that comes while
     * a cell compiles stops it as its code starts. Safe to call from any thread.
     */
    public void interrupt() {
        runs.interrupt();
        shell.stop();
    }

    /**
     * Stops the code of the running cell, if its code runs, as {@link #interrupt()} does, because the heap ran out:
     * the cell fails with {@code OutOfMemoryError} rather than as interrupted. Safe to call from any thread.
     */
    public void stopOutOfMemory() {
        if (runs.stopRunningCode()) {
            shell.stop();
        }
    }

    /** Forgets a stop that ended, or came before, an earlier cell: called as each execute request starts. */
    public void clearStops() {
        runs.clearStops();
    }

    /** Whether an interrupt has been requested since the last {@link #clearStops()}. */
    public boolean interruptRequested() {
        return runs.interrupted();
    }

    /**
     * Runs {@code action} on the cell's thread as soon as a cell's code, or JShell's work for it, runs out of
     * memory; it must allocate little, e.g. let go of memory held back.
     */
    public void whenOutOfMemory(Runnable action) {
        runs.whenOutOfMemory(action);
    }

    /** JShell's source analysis, for completion, inspection and completeness checks. */
    public SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    /** Adds jars or folders to the class path of later cells. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
        if (expressions != null) {
            expressions.addToClasspath(path);
        }
    }

    /** Compiles {@code source} as a single snippet and reports whether it is an expression. */
    public boolean isExpression(String source) {
        List<SourceCodeAnalysis.SnippetWrapper> wrappers = shell.sourceCodeAnalysis().wrappers(source);
        return wrappers.size() == 1 && wrappers.get(0).kind() == Snippet.Kind.EXPRESSION
                || wrappers.size() == 1 && wrappers.get(0).kind() == Snippet.Kind.VAR
                && shell.sourceCodeAnalysis().sourceToSnippets(source).stream()
                .anyMatch(s -> s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    @Override
    public void close() {
        shell.close();
    }
}
