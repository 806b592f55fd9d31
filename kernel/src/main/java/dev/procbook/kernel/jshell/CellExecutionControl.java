package dev.procbook.kernel.jshell;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.execution.LocalExecutionControl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;

/**
 * JShell's local engine, changed in two ways. The value of a snippet is not formatted: JShell makes a string of
 * every value, element by element, which for a 300 MB array takes a minute and gigabytes, though the kernel reads
 * values as objects and formats only those it shows. And a snippet whose cell was interrupted before its code
 * started (while it compiled, when JShell's {@code stop()} has nothing to stop) does not start.
 *
 * <p>Both go through {@link #runSnippet()}: {@link LocalExecutionControl#invoke(Method)} runs it on JShell's own
 * execution thread, where stopping works as in JShell, and it runs the snippet, keeps its value aside and returns
 * nothing for JShell to format.
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
            super.invoke(RUN_SNIPPET);
        } finally {
            INVOCATION.remove();
        }
        return invocation.describeValue();
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
            invocation.value = invocation.doit.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return null;
    }

    /** One run of a snippet's code and the value it returned. */
    private static final class Invocation {
        private final Method doit;
        private final BooleanSupplier interrupted;
        private volatile Object value;

        Invocation(Method doit, BooleanSupplier interrupted) {
            this.doit = doit;
            this.interrupted = interrupted;
        }

        /** What JShell is told the value was: its type only, which costs nothing whatever the value's size. */
        String describeValue() {
            Object v = value;
            value = null;
            return v == null ? "null" : v.getClass().getTypeName();
        }
    }
}
