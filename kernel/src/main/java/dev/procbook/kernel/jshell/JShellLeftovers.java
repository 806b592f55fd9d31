package dev.procbook.kernel.jshell;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What JShell keeps of every snippet it ever compiled, cleared once no later snippet can use it: without this, a
 * declaration cell took twice as long after 3 000 cells as after 10 (JDK 17 and 25 alike).
 *
 * <ul>
 *   <li>JShell's file manager keeps the class file of every snippet, overwritten and dropped ones included, and lists
 *   them all to javac whenever a compilation looks into the snippets' package: in each of the five javac tasks of
 *   every later snippet, each entering a symbol for every file and removing them all after. Later snippets can name
 *   only active declarations (JShell compiles the dependents of a replaced declaration again, against its new class),
 *   so only their files are kept; the classes themselves stay loaded for the objects made from them.</li>
 *   <li>javac's symbol table, in the contexts JShell's task pool reuses for ever, keeps an empty entry for every
 *   snippet class it ever removed. The pool is made afresh every {@link #COMPILATIONS_PER_POOL} snippets; the first
 *   snippet in a new pool costs some 35 ms more.</li>
 *   <li>After every task JShell walks all the classes in that symbol table to remove its snippets' classes. Its pool's
 *   contexts use a {@link ReplSymtab}, which gives it the snippets' classes alone.</li>
 *   <li>JShell lists every snippet it ever made, and copies that list in each of its tasks (to find the variables
 *   whose type it enhanced), for {@link JShell#snippets()}, and so for the kernel's own imports: a declaration cost
 *   4 to 11 % more after 1 000 cells than after 35 with the same declarations live. JShell looks in that list at
 *   active declarations only. A snippet overwritten, dropped or rejected is never active again, and a statement or
 *   an expression that declares nothing is never looked at after it ran: both are taken out of the list, so
 *   {@code snippets()} lists the session's active imports and declarations only.</li>
 * </ul>
 *
 * <p>All are JShell's own, reached by reflection: the kernel's jar opens {@code jdk.jshell} to it. Where the package
 * is not open, nothing is cleared and JShell behaves as it always did; where javac's internals are not exported, its
 * pool is JShell's own.
 */
final class JShellLeftovers {

    /** Snippets compiled in one task pool: its symbol tables' dead entries then cost about 0.1 ms a snippet. */
    static final int COMPILATIONS_PER_POOL = 500;

    /** The size of the task pools given to JShell: that of the pool JShell makes itself ({@code initTaskPool}). */
    private static final int TASK_POOL_SIZE = 5;

    /** The prefix of the top-level class JShell wraps each snippet in, e.g. {@code REPL.$JShell$12B}. */
    private static final String WRAPPER_PREFIX = "REPL.$JShell$";

    /** JShell's map from class name to class file; null when it cannot be reached. */
    private final Map<String, ?> files;
    /** JShell's list of every snippet it made; null when it cannot be reached. */
    private final Set<Snippet> snippets;
    private final JShell shell;
    private final Object taskFactory;
    /** JShell's field holding its task pool, and its method that makes a pool of its own. */
    private final Field taskPool;
    private final Method newTaskPool;
    /** Whether JShell's pool is a {@link ReplSymtab.Pool}. */
    private boolean replPool;
    private int compilations;
    private int pools = 1;

    private JShellLeftovers(JShell shell, Set<Snippet> snippets, Map<String, ?> files, Object taskFactory,
                            Field taskPool, Method newTaskPool) {
        this.shell = shell;
        this.snippets = snippets;
        this.files = files;
        this.taskFactory = taskFactory;
        this.taskPool = taskPool;
        this.newTaskPool = newTaskPool;
        this.replPool = taskPool != null && PooledCompiler.available();
        if (replPool) {
            renewPool();
        }
    }

    /** The leftovers of {@code shell}, or a stand-in that clears nothing when they are out of reach. */
    @SuppressWarnings("unchecked")
    static JShellLeftovers of(JShell shell) {
        try {
            Object taskFactory = field(JShell.class, "taskFactory").get(shell);
            Object fileManager = field(taskFactory.getClass(), "fileManager").get(taskFactory);
            Object files = field(fileManager.getClass(), "classObjects").get(fileManager);
            Field taskPool = field(taskFactory.getClass(), "javacTaskPool");
            Method newTaskPool = taskFactory.getClass().getDeclaredMethod("initTaskPool");
            newTaskPool.setAccessible(true);
            return new JShellLeftovers(shell, snippetList(shell), (Map<String, ?>) files, taskFactory, taskPool,
                    newTaskPool);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not opened (InaccessibleObjectException), or another JDK's JShell: keep JShell as it is
            return new JShellLeftovers(shell, null, null, null, null, null);
        }
    }

    /** JShell's set of every snippet it made, in order; null when it is not the set JDK 17 to 25 keep. */
    @SuppressWarnings("unchecked")
    private static Set<Snippet> snippetList(JShell shell) throws ReflectiveOperationException {
        Object maps = field(JShell.class, "maps").get(shell);
        Object snippets = field(maps.getClass(), "snippets").get(maps);
        return snippets instanceof LinkedHashSet<?> ? (Set<Snippet>) snippets : null;
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /** How many class files of snippets JShell keeps, or -1 when its file manager is out of reach. */
    int classFiles() {
        return files == null ? -1 : files.size();
    }

    /** How many snippets JShell lists, or -1 when its list is out of reach. */
    int snippets() {
        return snippets == null ? -1 : snippets.size();
    }

    /** How many task pools JShell has had, the first included. */
    int taskPools() {
        return pools;
    }

    /**
     * After JShell compiled a snippet: forgets the snippets no longer active, drops the class files of every snippet
     * wrapper not in {@code activeWrappers}
     * (top-level names such as {@code REPL.$JShell$12B}) with the classes nested in them, and renews the task pool
     * when it has compiled {@link #COMPILATIONS_PER_POOL} snippets.
     */
    void clear(Set<String> activeWrappers) {
        if (snippets != null) {
            snippets.removeIf(snippet -> !snippet.kind().isPersistent() || !shell.status(snippet).isActive());
        }
        if (files == null) {
            return;
        }
        files.keySet().removeIf(name -> name.startsWith(WRAPPER_PREFIX) && !activeWrappers.contains(wrapperOf(name)));
        if (++compilations % COMPILATIONS_PER_POOL == 0) {
            renewPool();
        }
    }

    /** Gives JShell back a task pool of its own, whose contexts walk all classes after each task: for tests. */
    void keepJShellsPool() {
        if (replPool) {
            replPool = false;
            renewPool();
        }
    }

    private void renewPool() {
        try {
            if (replPool) {
                taskPool.set(taskFactory, new ReplSymtab.Pool(TASK_POOL_SIZE));
            } else {
                newTaskPool.invoke(taskFactory);
            }
            pools++;
        } catch (ReflectiveOperationException e) {
            // the old pool goes on serving: slower, not wrong
        }
    }

    /** {@code REPL.$JShell$12B} for itself and for a class nested in it, {@code REPL.$JShell$12B$Point}. */
    private static String wrapperOf(String className) {
        int nested = className.indexOf('$', WRAPPER_PREFIX.length());
        return nested < 0 ? className : className.substring(0, nested);
    }
}
