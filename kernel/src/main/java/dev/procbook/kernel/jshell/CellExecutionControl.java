package dev.procbook.kernel.jshell;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl.EngineTerminationException;
import jdk.jshell.spi.ExecutionControl.InternalException;
import jdk.jshell.spi.ExecutionControl.RunException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * JShell's local engine, changed in two ways. The value of a snippet is not formatted: JShell makes a string of
 * every value, element by element, which for a 300 MB array takes a minute and gigabytes, though the kernel reads
 * values as objects and formats only those it shows. And a snippet whose cell was interrupted before its code
 * started (while it compiled, when JShell's {@code stop()} has nothing to stop) does not start.
 *
 * <p>Both go through {@link #runSnippet()}: {@link LocalExecutionControl#invoke(Method)} runs it on JShell's own
 * execution thread, where stopping works as in JShell, and it runs the snippet, keeps its value aside and returns
 * nothing for JShell to format. It also tells {@link SnippetRuns} at once when the code runs out of memory, so that
 * the kernel can free memory before anything else needs it, and keeps what the code threw: JShell's execution
 * thread drops an error that comes while it reports the code's own error, which would make the snippet look fine.
 */
final class CellExecutionControl extends LocalExecutionControl {

    /** The snippet to run, seen by {@link #runSnippet()} on the execution thread, which inherits it. */
    private static final InheritableThreadLocal<Invocation> INVOCATION = new InheritableThreadLocal<>();
    private static final Method RUN_SNIPPET = runSnippetMethod();

    private final SnippetRuns runs;
    /** Set while {@link #invokeForValue} runs: the value is kept for it instead of dropped. */
    private boolean keepValue;
    private Object kept;

    CellExecutionControl(LoaderDelegate delegate, SnippetRuns runs) {
        super(delegate);
        this.runs = runs;
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
        Invocation invocation = new Invocation(doitMethod, runs);
        INVOCATION.set(invocation);
        try {
            super.invoke(RUN_SNIPPET);
        } finally {
            INVOCATION.remove();
            runs.codeEnded();
        }
        if (invocation.thrown != null) {
            throw new InvocationTargetException(invocation.thrown);
        }
        if (keepValue) {
            kept = invocation.value;
        }
        return invocation.describeValue();
    }

    /**
     * Runs {@code className.methodName()} of a class already defined through the loader delegate, as JShell runs a
     * snippet (stops, interrupts and errors alike), and returns its value.
     */
    Object invokeForValue(String className, String methodName) throws RunException, InternalException,
            EngineTerminationException {
        keepValue = true;
        try {
            invoke(className, methodName);
            return kept;
        } finally {
            keepValue = false;
            kept = null;
        }
    }

    /** Runs on JShell's execution thread: the snippet's code, unless its cell was interrupted first. */
    @SuppressWarnings({"removal", "deprecation", "unused"})
    private static Object runSnippet() throws Throwable {
        Invocation invocation = INVOCATION.get();
        INVOCATION.remove();
        if (invocation.runs.stopped()) {
            // what JShell's stop() throws in running code, so JShell reports the snippet as stopped
            throw new ThreadDeath();
        }
        invocation.runs.codeStarts();
        try {
            invocation.value = invocation.doit.invoke(null);
        } catch (InvocationTargetException e) {
            throw invocation.threw(e.getCause());
        } catch (Throwable e) {
            // not from the code: reflection could not even wrap what the code threw
            throw invocation.threw(e);
        }
        return null;
    }

    /** One run of a snippet's code, and the value it returned or what it threw. */
    private static final class Invocation {
        private final Method doit;
        private final SnippetRuns runs;
        private volatile Object value;
        private volatile Throwable thrown;

        Invocation(Method doit, SnippetRuns runs) {
            this.doit = doit;
            this.runs = runs;
        }

        /** Keeps what the code threw, tells at once if it ran out of memory, and returns it to be thrown. */
        Throwable threw(Throwable e) {
            if (e instanceof OutOfMemoryError) {
                runs.codeRanOutOfMemory();
            }
            if (!(e instanceof ThreadDeath)) {
                thrown = e;
            }
            return e;
        }

        /** What JShell is told the value was: its type only, which costs nothing whatever the value's size. */
        String describeValue() {
            Object v = value;
            value = null;
            return v == null ? "null" : v.getClass().getTypeName();
        }
    }
}
