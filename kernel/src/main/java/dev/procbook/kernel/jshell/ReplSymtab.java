package dev.procbook.kernel.jshell;

import com.sun.tools.javac.api.JavacTaskImpl;
import com.sun.tools.javac.api.JavacTaskPool;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.ModuleSymbol;
import com.sun.tools.javac.code.Symbol.TypeSymbol;
import com.sun.tools.javac.code.Symtab;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Name;

import javax.tools.DiagnosticListener;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * javac's symbol table, for the contexts of a compiler pool that compiles against JShell's snippets: it also keeps the
 * names of the classes it holds in JShell's package {@code REPL}, so that they can be removed without a walk over
 * every class javac has read.
 *
 * <p>After each of its javac tasks JShell removes the snippets' classes from the task's symbol table, so that the next
 * task reads the package again, and finds them by walking all classes: some 2 700 with the kernel's imports, more as
 * a session uses more of the class path. That walk was a quarter of a declaration cell's time on the cell's thread
 * (JDK 25, the kernel's quick compiler only). Here JShell is given the classes of {@code REPL} alone, the only ones it
 * removes: {@link #getAllClasses()} answers so when its caller is JShell's {@code TaskFactory}, the only caller in the
 * JDK, and as javac does for any other.
 */
final class ReplSymtab extends Symtab {

    /** JShell's package for the classes of its snippets. */
    static final String REPL = "REPL";
    private static final String JSHELL_TASK_FACTORY = "jdk.jshell.TaskFactory";
    private static final StackWalker CALLERS = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final LongAdder ANSWERED_JSHELL = new LongAdder();

    /**
     * The flat names of classes in {@code REPL} this table holds or held; no initializer, as the superclass's
     * constructor enters classes before this class's fields would be initialised.
     */
    private Set<Name> replNames;
    /** The name of package {@code REPL} in this table's name table, once asked for; names are unique in it. */
    private Name repl;

    private ReplSymtab(Context context) {
        super(context);
    }

    /**
     * Makes {@code context} use this symbol table, unless it has one already (then nothing changes): to be called
     * before the context's first task reads anything.
     */
    static void preRegister(Context context) {
        if (context.get(symtabKey) == null) {
            context.put(symtabKey, (Context.Factory<Symtab>) ReplSymtab::new);
        }
    }

    /** The classes of package {@code REPL} in {@code syms}, all of its classes when it is no {@link ReplSymtab}. */
    static Iterable<ClassSymbol> replClasses(Symtab syms) {
        return syms instanceof ReplSymtab repl ? repl.replClasses() : syms.getAllClasses();
    }

    @Override
    public ClassSymbol enterClass(ModuleSymbol msym, Name name, TypeSymbol owner) {
        return noted(super.enterClass(msym, name, owner));
    }

    @Override
    public ClassSymbol enterClass(ModuleSymbol msym, Name flatname) {
        return noted(super.enterClass(msym, flatname));
    }

    @Override
    public void removeClass(ModuleSymbol msym, Name flatName) {
        super.removeClass(msym, flatName);
        if (replNames != null && !getClassesForName(flatName).iterator().hasNext()) {
            replNames.remove(flatName);
        }
    }

    @Override
    public Iterable<ClassSymbol> getAllClasses() {
        if (CALLERS.getCallerClass().getName().equals(JSHELL_TASK_FACTORY)) {
            List<ClassSymbol> classes = replClasses(); // it removes those of REPL, and looks at no other
            assert Set.copyOf(classes).equals(walkedReplClasses()) : "REPL classes kept " + classes + ", walked "
                    + walkedReplClasses();
            ANSWERED_JSHELL.increment();
            return classes;
        }
        return super.getAllClasses();
    }

    /** How many times JShell's walk over all classes was answered with those of {@code REPL} alone, in this JVM. */
    static long answeredJShell() {
        return ANSWERED_JSHELL.sum();
    }

    /** The classes of {@code REPL} found as JShell finds them, by a walk over all classes: to check the index. */
    private Set<ClassSymbol> walkedReplClasses() {
        Set<ClassSymbol> walked = new HashSet<>();
        for (ClassSymbol type : super.getAllClasses()) {
            if (type.packge().fullname == repl) {
                walked.add(type);
            }
        }
        return walked;
    }

    /** A copy: the caller may remove the classes as it goes. */
    private List<ClassSymbol> replClasses() {
        List<ClassSymbol> classes = new ArrayList<>();
        if (replNames != null) {
            for (Name name : replNames) {
                getClassesForName(name).forEach(classes::add);
            }
        }
        return classes;
    }

    private ClassSymbol noted(ClassSymbol type) {
        if (repl == null) {
            repl = type.flatname.table.names.fromString(REPL);
        }
        if (type.packge().fullname == repl) {
            if (replNames == null) {
                replNames = new HashSet<>();
            }
            replNames.add(type.flatname);
        }
        return type;
    }

    /** A pool of javac tasks whose contexts use {@link ReplSymtab}. */
    static final class Pool extends JavacTaskPool {

        Pool(int maxPoolSize) {
            super(maxPoolSize);
        }

        @Override
        public <Z> Z getTask(Writer out, JavaFileManager fileManager,
                             DiagnosticListener<? super JavaFileObject> diagnosticListener, Iterable<String> options,
                             Iterable<String> classes, Iterable<? extends JavaFileObject> compilationUnits,
                             Worker<Z> worker) {
            return super.getTask(out, fileManager, diagnosticListener, options, classes, compilationUnits, task -> {
                preRegister(((JavacTaskImpl) task).getContext());
                return worker.withTask(task);
            });
        }
    }
}
