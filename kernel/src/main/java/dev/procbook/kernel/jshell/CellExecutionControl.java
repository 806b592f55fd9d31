package dev.procbook.kernel.jshell;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl.EngineTerminationException;
import jdk.jshell.spi.ExecutionControl.InternalException;
import jdk.jshell.spi.ExecutionControl.RunException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>On JDKs whose JShell stops code with {@code Thread.stop} (before 20), a stop waits while a thread of the cell
 * initializes a class: a {@code ThreadDeath} thrown in a static initializer leaves that class unusable for the rest
 * of the session ({@code NoClassDefFoundError} on every later use), be it the cell's own class or lib's, first
 * initialized by the cell. The stop comes as soon as no initializer runs, or after {@link #INITIALIZER_WAIT_MILLIS}
 * if one never ends.
 */
final class CellExecutionControl extends LocalExecutionControl {

    /** The snippet to run, seen by {@link #runSnippet()} on the execution thread, which inherits it. */
    private static final InheritableThreadLocal<Invocation> INVOCATION = new InheritableThreadLocal<>();
    /** Set on JShell's execution threads, and inherited by every thread a cell starts: those a stop may end. */
    private static final InheritableThreadLocal<Boolean> CELL_THREAD = new InheritableThreadLocal<>();
    private static final Method RUN_SNIPPET = runSnippetMethod();
    /** Whether this JDK's JShell stops code with {@code Thread.stop}; later ones interrupt it. */
    private static final boolean STOPS_THREADS = Runtime.version().feature() < 20;
    /** How long a stop waits at most for the cell's static initializers to end. */
    static final long INITIALIZER_WAIT_MILLIS = 5000;
    private static final long INITIALIZER_POLL_MILLIS = 10;

    private final SnippetRuns runs;
    /** The snippet whose code runs now; null between snippets. Guarded by this. */
    private Invocation running;
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
        synchronized (this) {
            running = invocation;
        }
        try {
            super.invoke(RUN_SNIPPET);
        } finally {
            synchronized (this) {
                running = null;
            }
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

    /**
     * Stops the running snippet's code as JShell does; with {@code Thread.stop}, only once no thread of the cell
     * initializes a class (see the class comment). Returns at once: a delayed stop comes from another thread.
     */
    @Override
    public void stop() throws EngineTerminationException, InternalException {
        Invocation invocation;
        synchronized (this) {
            invocation = running;
        }
        if (!STOPS_THREADS || invocation == null || !invocation.initializesClass()) {
            super.stop();
            return;
        }
        stopAfterInitializers(invocation, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INITIALIZER_WAIT_MILLIS));
    }

    private void stopAfterInitializers(Invocation invocation, long deadline) {
        synchronized (this) {
            if (running != invocation) {
                return; // the snippet ended by itself
            }
            if (invocation.initializesClass() && System.nanoTime() < deadline) {
                CompletableFuture.delayedExecutor(INITIALIZER_POLL_MILLIS, TimeUnit.MILLISECONDS)
                        .execute(() -> stopAfterInitializers(invocation, deadline));
                return;
            }
            try {
                super.stop();
            } catch (EngineTerminationException | InternalException e) {
                // the engine is gone, or never ran the code: there is nothing left to stop
            }
        }
    }

    /**
     * Whether the calling thread runs a cell's code, or was started by it: one that a cell's interrupt may stop (on
     * JDK 17 with {@code Thread.stop}, wherever it is).
     */
    static boolean onCellThread() {
        return CELL_THREAD.get() == Boolean.TRUE;
    }

    /** Runs on JShell's execution thread: the snippet's code, unless its cell was interrupted first. */
    @SuppressWarnings({"removal", "deprecation", "unused"})
    private static Object runSnippet() throws Throwable {
        Invocation invocation = INVOCATION.get();
        INVOCATION.remove();
        CELL_THREAD.set(Boolean.TRUE);
        invocation.thread = Thread.currentThread();
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
        /** JShell's execution thread running the code, whose group holds every thread the cell starts. */
        private volatile Thread thread;

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

        /** Whether a thread of the cell is in a static initializer now. */
        boolean initializesClass() {
            Thread t = thread;
            ThreadGroup group = t == null ? null : t.getThreadGroup();
            if (group == null) {
                return false;
            }
            Thread[] threads = new Thread[group.activeCount() + 4];
            int n = group.enumerate(threads);
            for (int i = 0; i < n; i++) {
                for (StackTraceElement frame : threads[i].getStackTrace()) {
                    if (frame.getMethodName().equals("<clinit>")) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** What JShell is told the value was: its type only, which costs nothing whatever the value's size. */
        String describeValue() {
            Object v = value;
            value = null;
            return v == null ? "null" : v.getClass().getTypeName();
        }
    }
}
