package dev.procbook.kernel.jshell;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.tools.javac.api.JavacTaskImpl;
import com.sun.tools.javac.code.ClassFinder;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.ModuleSymbol;
import com.sun.tools.javac.code.Symbol.PackageSymbol;
import com.sun.tools.javac.code.Symtab;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Names;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Compiles one source at a time with a javac task taken from a pool, so that javac's symbol table (the JDK's
 * classes, the class path's) is read once and reused, as JShell does for its own tasks.
 *
 * <p>The one thing a reused symbol table gets wrong is JShell's package {@code REPL}: each JShell cell adds classes
 * to it. So the package is purged, as JShell purges it after each of its tasks, but only when JShell has defined
 * classes since this context last saw it; and the classes compiled here are removed from it after each task, so
 * that nothing accumulates; the symbol table, a {@link ReplSymtab}, finds them without a walk over every class. This
 * class and {@link ReplSymtab} are the only ones that touch javac's internals (exported to the kernel by its jar's
 * manifest); {@link #available()} says whether they are reachable.
 */
final class PooledCompiler {

    private static final List<String> OPTIONS = List.of("-proc:none", "-parameters", "-Xlint:unchecked,-strictfp");

    private final ReplSymtab.Pool pool = new ReplSymtab.Pool(1);
    private final CellClassFiles files;
    /** For each pooled context, the generation of JShell's classes its symbol table has seen. */
    private final Map<Context, Long> seen = new WeakHashMap<>();

    PooledCompiler(CellClassFiles files) {
        this.files = files;
    }

    /** Whether javac's internals are exported to this class, as the kernel's manifest and the tests' argLine do. */
    static boolean available() {
        Module compiler = JavacTask.class.getModule();
        Module self = PooledCompiler.class.getModule();
        return compiler.isExported("com.sun.tools.javac.api", self)
                && compiler.isExported("com.sun.tools.javac.code", self)
                && compiler.isExported("com.sun.tools.javac.util", self);
    }

    /** What a compilation gave: the classes (binary name to bytes) or the errors, or that the source was not wanted. */
    record Result(Map<String, byte[]> classes, List<Diagnostic<? extends JavaFileObject>> errors, boolean wanted) {
        boolean compiled() {
            return wanted && errors.isEmpty();
        }
    }

    /** What a compilation does between its steps. */
    interface Steps {
        /** After parsing without errors: whether to analyse the unit. */
        boolean wanted(CompilationUnitTree unit);

        /** After analysis without errors: whether to generate the classes; may read the types of the unit's trees. */
        default boolean analysed(JavacTask task, CompilationUnitTree unit) {
            return true;
        }
    }

    /**
     * Parses {@code source}, asks {@code steps} whether to go on with its tree, then analyses and generates it.
     *
     * @param className      the binary name of the class {@code source} declares, forgotten after the task
     * @param replGeneration how many times JShell has defined classes so far ({@link SnippetLoaderDelegate})
     */
    Result compile(JavaFileObject source, String className, long replGeneration,
                   Steps steps) {
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        return pool.getTask(null, files, diagnostics, OPTIONS, null, List.of(source), task -> {
            JavacTaskImpl javac = (JavacTaskImpl) task;
            Context context = javac.getContext();
            files.startOutput();
            try {
                CompilationUnitTree unit = javac.parse().iterator().next();
                List<Diagnostic<? extends JavaFileObject>> errors = errors(diagnostics);
                if (!errors.isEmpty()) {
                    return new Result(Map.of(), errors, true);
                }
                if (!steps.wanted(unit)) {
                    return new Result(Map.of(), List.of(), false);
                }
                // only now, as a declaration JShell takes is rejected by the parser or the test above
                if (!Long.valueOf(replGeneration).equals(seen.get(context))) {
                    purgeRepl(context);
                    seen.put(context, replGeneration);
                }
                javac.analyze();
                errors = errors(diagnostics);
                if (!errors.isEmpty()) {
                    return new Result(Map.of(), errors, true);
                }
                if (!steps.analysed(javac, unit)) {
                    return new Result(Map.of(), List.of(), true);
                }
                javac.generate();
                return new Result(files.output(), List.of(), true);
            } finally {
                List<String> compiled = new ArrayList<>(files.outputNames());
                compiled.add(className);
                forget(context, compiled);
            }
        });
    }

    private static List<Diagnostic<? extends JavaFileObject>> errors(DiagnosticCollector<JavaFileObject> collector) {
        return collector.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }

    /** Makes javac list and read package {@code REPL} again, as JShell's own tasks do after each compilation. */
    private static void purgeRepl(Context context) {
        Symtab syms = Symtab.instance(context);
        ModuleSymbol module = replModule(syms);
        PackageSymbol repl = syms.getPackage(module, Names.instance(context).fromString(ReplSymtab.REPL));
        if (repl == null) {
            return;
        }
        for (ClassSymbol type : ReplSymtab.replClasses(syms)) {
            if (type.packge() == repl) {
                syms.removeClass(module, type.flatName());
            }
        }
        repl.members_field = null;
        repl.completer = ClassFinder.instance(context).getCompleter();
    }

    /** Removes the classes this task compiled from the symbol table, leaving JShell's classes read. */
    private static void forget(Context context, Iterable<String> binaryNames) {
        Symtab syms = Symtab.instance(context);
        ModuleSymbol module = replModule(syms);
        Names names = Names.instance(context);
        for (String binaryName : binaryNames) {
            ClassSymbol type = syms.getClass(module, names.fromString(binaryName));
            if (type == null) {
                continue;
            }
            if (type.owner instanceof PackageSymbol p && p.members_field != null) {
                p.members_field.remove(type);
            }
            syms.removeClass(module, type.flatName());
        }
    }

    private static ModuleSymbol replModule(Symtab syms) {
        return syms.java_base == syms.noModule ? syms.noModule : syms.unnamedModule;
    }
}
