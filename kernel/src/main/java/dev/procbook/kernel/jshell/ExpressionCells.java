package dev.procbook.kernel.jshell;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import jdk.jshell.spi.ExecutionControl.ExecutionControlException;
import jdk.jshell.spi.ExecutionControl.ResolutionException;
import jdk.jshell.spi.ExecutionControl.RunException;
import jdk.jshell.spi.ExecutionControl.StoppedException;
import jdk.jshell.spi.ExecutionControl.UserException;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fast path for cells that are a single expression: one pooled javac task compiles the expression in a class of
 * its own that imports the session's declarations from the classes JShell keeps them in, and the class runs on
 * JShell's execution engine, so that interrupts, {@code System.exit} and running out of memory behave as for any
 * cell. JShell compiles each snippet with five javac tasks and re-reads its package after each; this path takes
 * one task (two for an expression of type {@code void}) and leaves the symbol table warm between cells.
 *
 * <p>Anything the path does not take (a declaration, several statements, an incomplete cell) or cannot compile (an
 * error, a declaration JShell has not completed) goes to JShell, which then reports it exactly as before: this path
 * never shows a compile error of its own. Nothing is declared here, so JShell remains the one record of the
 * session's state; and as no {@code $N} variable is made for the value, cells cost the same however many ran.
 * The same compiler states the type of a {@code var} declaration for JShell ({@link #withVarTypeStated}).
 */
final class ExpressionCells {

    private static final String PACKAGE = ReplSymtab.REPL;
    private static final String CLASS_PREFIX = "$Procbook$Cell$";
    private static final String DO_IT = "do_it$";
    private static final Pattern VAR_DECLARATION = Pattern.compile("\\s*(var)\\s+[\\p{L}_$][\\p{L}\\p{N}_$]*\\s*=");
    private static final Set<String> VOID_ERRORS = Set.of("compiler.err.void.not.allowed.here",
            "compiler.err.prob.found.req");

    private final SessionImports imports;
    private final SnippetLoaderDelegate delegate;
    private final LocalEngineProvider engine;
    private final Map<String, SnippetOrigin> origins;
    private final CellTraces traces;
    private final List<String> classPath;
    private CellClassFiles files;
    private PooledCompiler compiler;
    private int cells;
    private int taken;
    private int compilations;

    ExpressionCells(SessionImports imports, SnippetLoaderDelegate delegate, LocalEngineProvider engine,
                    Map<String, SnippetOrigin> origins, List<String> classPath) {
        this.imports = imports;
        this.delegate = delegate;
        this.engine = engine;
        this.origins = origins;
        this.traces = new CellTraces(imports);
        this.classPath = new ArrayList<>(classPath);
    }

    /** The value of an expression cell: the object and its type, or null when nothing is shown. */
    record Evaluated(Value value) {
    }

    /** Later cells see {@code path} too: the next compilation starts from a fresh symbol table. */
    synchronized void addToClasspath(String path) {
        classPath.add(path);
        files = null;
        compiler = null;
    }

    /**
     * Evaluates {@code cell} if it is a single expression this path compiles; returns null, having run nothing, when
     * it is not (then JShell must evaluate it).
     *
     * @throws CellFailedException      when the expression throws
     * @throws CellInterruptedException when the cell was interrupted
     */
    synchronized Evaluated eval(String cell, String label) {
        if (VAR_DECLARATION.matcher(cell).lookingAt()) {
            return null; // a declaration, or several statements: never one expression, so not worth a parse
        }
        CellTail tail = CellTail.of(cell);
        if (tail == null || tail.isBlank()) {
            return null;
        }
        String code = tail.withoutSemicolon();
        String name = CLASS_PREFIX + ++cells;
        Shape shape = new Shape();
        PooledCompiler.Result result = compile(name, returning(name, code), shape);
        if (!result.wanted()) {
            return null;
        }
        boolean isVoid = false;
        if (!result.compiled() && isVoidReturned(result.errors())) {
            result = compile(name, running(name, code), unit -> true);
            isVoid = true;
        }
        if (!result.compiled()) {
            return null;
        }
        String id = "p" + cells;
        origins.put(id, new SnippetOrigin(label, 1));
        List<Class<?>> defined = delegate.define(engine.control(), result.classes());
        defined.forEach(type -> delegate.loader().declaredIn(type.getName(), label));
        taken++;
        Object value = run(PACKAGE + "." + name, id);
        boolean shown = !isVoid && !tail.typedSemicolon() && shape.shown;
        return new Evaluated(shown ? new Value(value, value == null ? "Object" : value.getClass().getName()) : null);
    }

    /**
     * The cell {@code var name = init;} with {@code var} replaced by the type of {@code init}, when that type can be
     * written in source and is no class of a cell; otherwise {@code cell} itself. JShell declares the same variable
     * either way, but infers a {@code var}'s type with a javac task of its own: stating it makes the cell about a
     * third faster. Nothing runs here: the initializer is only compiled, or, when it is one literal, read (a fifth of
     * the cell's time saved again).
     */
    synchronized String withVarTypeStated(String cell) {
        Matcher var = VAR_DECLARATION.matcher(cell);
        CellTail tail = CellTail.of(cell);
        if (!var.lookingAt() || tail == null || tail.isBlank()) {
            return cell;
        }
        String initializer = tail.withoutSemicolon().substring(var.end());
        String type = SourceType.ofLiteral(initializer);
        if (type == null) {
            String name = CLASS_PREFIX + "Type" + ++cells;
            TypeOfValue value = new TypeOfValue();
            PooledCompiler.Result result = compile(name, returning(name, initializer), value);
            if (!result.compiled() || value.source == null) {
                return cell;
            }
            type = value.source;
        }
        return cell.substring(0, var.start(1)) + type + cell.substring(var.end(1));
    }

    /** How many classes of earlier cells the last compilation was shown (0 before the first). */
    synchronized int cellClassesShown() {
        return files == null ? 0 : files.cellClassesListed();
    }

    /** How many cells this path has run. */
    synchronized int taken() {
        return taken;
    }

    /** How many sources this path has compiled, to run them or to read a type. */
    synchronized int compilations() {
        return compilations;
    }

    /**
     * Compiles, without running, a few expressions of the kinds users type most, so that the first cells find the
     * pooled compiler warm; for the compiler warmer's thread, before the first cell.
     */
    synchronized void warm() {
        for (String expression : List.of("1 + 1", "Math.max(3, 7) * 2", "String.valueOf(3).length()")) {
            String name = CLASS_PREFIX + "Warm";
            compile(name, returning(name, expression), unit -> true);
        }
    }

    private PooledCompiler.Result compile(String name, String source,
                                          PooledCompiler.Steps steps) {
        compilations++;
        if (compiler == null) {
            files = new CellClassFiles(delegate.loader(), imports::liveClasses, PACKAGE + "." + CLASS_PREFIX,
                    classPath);
            compiler = new PooledCompiler(files);
        }
        JavaFileObject file = new SimpleJavaFileObject(URI.create("mem:///" + PACKAGE + "/" + name
                + JavaFileObject.Kind.SOURCE.extension), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        return compiler.compile(file, PACKAGE + "." + name, delegate.generation(), steps);
    }

    /** The cell's code as the value returned by {@code do_it$}, its first line on the class's line. */
    private String returning(String name, String code) {
        String header = imports.header(code);
        traces.lineOffset = CellText.lineBreaks(header);
        return header + "class " + name + " { public static Object " + DO_IT + "() throws Throwable { return "
                + code + "\n;}}\n";
    }

    /** The cell's code as a statement of {@code do_it$}, for an expression of type {@code void}. */
    private String running(String name, String code) {
        String header = imports.header(code);
        traces.lineOffset = CellText.lineBreaks(header);
        return header + "class " + name + " { public static Object " + DO_IT + "() throws Throwable { "
                + code + "\n; return null;}}\n";
    }

    private static boolean isVoidReturned(List<Diagnostic<? extends JavaFileObject>> errors) {
        return errors.size() == 1 && VOID_ERRORS.contains(errors.get(0).getCode())
                && errors.get(0).getMessage(Locale.ROOT).contains("void");
    }

    private Object run(String className, String id) {
        try {
            return engine.control().invokeForValue(className, DO_IT);
        } catch (StoppedException e) {
            throw new CellInterruptedException();
        } catch (UserException e) {
            List<String> trace = UserTrace.of(traces.translated(e, className, id), origins);
            if (e.causeExceptionClass().equals(OutOfMemoryError.class.getName())) {
                throw CellFailedException.outOfMemory(e.getMessage(), "running the cell", trace);
            }
            throw new CellFailedException(e.causeExceptionClass(), e.getMessage(), trace);
        } catch (ResolutionException e) {
            throw new CellFailedException("UnresolvedReference",
                    "cannot run: it uses a declaration that is not complete yet", List.of());
        } catch (RunException e) {
            throw new CellFailedException(e.getClass().getName(), e.getMessage(), List.of());
        } catch (ExecutionControlException e) {
            throw new IllegalStateException("the cell could not be run: class=" + className + ", cause=" + e, e);
        }
    }

    /**
     * Takes a compilation unit only if the cell is one expression returned by {@code do_it$} and nothing else, and
     * notes whether JShell would show its value: not for an assignment to a variable.
     */
    private static class Shape implements PooledCompiler.Steps {
        private boolean shown;
        ExpressionTree expression;

        @Override
        public boolean wanted(CompilationUnitTree unit) {
            if (unit.getTypeDecls().size() != 1 || !(unit.getTypeDecls().get(0) instanceof ClassTree type)
                    || type.getMembers().size() != 1 || !(type.getMembers().get(0) instanceof MethodTree method)
                    || method.getBody() == null) {
                return false;
            }
            List<? extends StatementTree> body = method.getBody().getStatements();
            if (body.size() != 1 || !(body.get(0) instanceof ReturnTree ret) || ret.getExpression() == null) {
                return false;
            }
            expression = ret.getExpression();
            shown = !(expression instanceof AssignmentTree assignment
                    && assignment.getVariable() instanceof IdentifierTree);
            return true;
        }
    }

    /** A single expression, compiled only to read its type as source would write it, or null when it cannot be. */
    private static final class TypeOfValue extends Shape {
        private String source;

        @Override
        public boolean analysed(JavacTask task, CompilationUnitTree unit) {
            source = SourceType.of(Trees.instance(task).getTypeMirror(TreePath.getPath(unit, expression)));
            return false;
        }
    }
}
