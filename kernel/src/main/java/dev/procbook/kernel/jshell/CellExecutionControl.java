package dev.procbook.kernel.jshell;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.execution.LocalExecutionControl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;

/**
 * JShell's local engine, changed so that a snippet whose cell was interrupted before its code started (while it
 * compiled, when JShell's {@code stop()} has nothing to stop) does not start.
 *
 * <p>{@link LocalExecutionControl#invoke(Method)} runs {@link #runSnippet()} on JShell's own execution thread, where
 * stopping works as in JShell, and it runs the snippet unless its cell was interrupted.
 */
final class CellExecutionControl extends LocalExecutionControl {

    /** The snippet to run, seen by {@link #runSnippet()} on the execution thread, which inherits it. */
    private static final InheritableThreadLocal<Invocation> INVOCATION = new InheritableThreadLocal<>();
    private static final Method RUN_SNIPPET = runSnippetMethod();

    private final BooleanSupplier interrupted;

    /**
     * @param interrupted whether the cell being run was interrupted; read as each snippet's code starts
     */
    CellExecutionControl(LoaderDelegate delegate, BooleanSupplier interrupted) {
        super(delegate);
        this.interrupted = interrupted;
    }

    private static Method runSnippetMethod() {
        try {
            Method m = CellExecutionControl.class.getDeclaredMethod("runSnippet");
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Invocation invocation = new Invocation(doitMethod, interrupted);
        INVOCATION.set(invocation);
        try {
            return super.invoke(RUN_SNIPPET);
        } finally {
            INVOCATION.remove();
        }
    }

    /** Runs on JShell's execution thread: the snippet's code, unless its cell was interrupted first. */
    @SuppressWarnings({"removal", "deprecation", "unused"})
    private static Object runSnippet() throws Throwable {
        Invocation invocation = INVOCATION.get();
        INVOCATION.remove();
        if (invocation.interrupted.getAsBoolean()) {
            // what JShell's stop() throws in running code, so JShell reports the snippet as stopped
            throw new ThreadDeath();
        }
        try {
            return invocation.doit.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One run of a snippet's code. */
    private static final class Invocation {
        private final Method doit;
        private final BooleanSupplier interrupted;

        Invocation(Method doit, BooleanSupplier interrupted) {
            this.doit = doit;
            this.interrupted = interrupted;
        }
    }
}
