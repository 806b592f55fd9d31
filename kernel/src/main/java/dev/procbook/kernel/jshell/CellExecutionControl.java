package dev.procbook.kernel.jshell;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl.EngineTerminationException;
import jdk.jshell.spi.ExecutionControl.InternalException;
import jdk.jshell.spi.ExecutionControl.RunException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
 * <p>A stop interrupts the cell's threads and sets the hook of {@link StopChecks}: the cell's code ends at its next
 * check (the start of a method, the next turn of a loop) with {@code ThreadDeath}, as JShell's own stop ends it,
 * and a wait ends with the waiting call's exception. A check in a static initializer, or in code one calls, lets the
 * code run on: a {@code ThreadDeath} thrown there leaves the class unusable for the rest of the session
 * ({@code NoClassDefFoundError} on every later use), be it the cell's own class, lib's or the JDK's, first
 * initialized by the cell.
 *
 * <p>Code that neither waits nor reaches a check (a long computation in a library) would not end. On JDKs whose
 * JShell can stop threads (before 20), a cell still running {@link #STOP_GRACE_MILLIS} after the stop is stopped as
 * JShell stops it, with {@code Thread.stop}, once no thread of the cell initializes a class, or after
 * {@link #INITIALIZER_WAIT_MILLIS} if one never ends. That stop lands wherever the code runs, in the JDK's class
 * initializers too (a thread busy loading a class shows no initializer yet): it is the last resort.
 */
final class CellExecutionControl extends LocalExecutionControl {

    /** The snippet to run, seen by {@link #runSnippet()} on the execution thread, which inherits it. */
    private static final InheritableThreadLocal<Invocation> INVOCATION = new InheritableThreadLocal<>();
    /** Set on JShell's execution threads, and inherited by every thread a cell starts: those a stop may end. */
    private static final InheritableThreadLocal<Boolean> CELL_THREAD = new InheritableThreadLocal<>();
    private static final Method RUN_SNIPPET = runSnippetMethod();
    /** Whether this JDK's JShell can stop code with {@code Thread.stop}; later ones only interrupt it. */
    private static final boolean STOPS_THREADS = Runtime.version().feature() < 20;
    /** How long a cell may run on after a stop before it is stopped with {@code Thread.stop}, where JShell can. */
    static final long STOP_GRACE_MILLIS = 2000;
    /** How long a stop with {@code Thread.stop} waits at most for the cell's static initializers to end. */
    static final long INITIALIZER_WAIT_MILLIS = 5000;
    private static final long INITIALIZER_POLL_MILLIS = 10;

    private final SnippetRuns runs;
    /** The hook every {@link StopChecks} check runs: set by a stop, cleared as the next snippet starts. */
    private final AtomicReference<Runnable> stopHook;
    /** The snippet whose code runs now; null between snippets. Guarded by this. */
    private Invocation running;
    /** Set while {@link #invokeForValue} runs: the value is kept for it instead of dropped. */
    private boolean keepValue;
    private Object kept;

    CellExecutionControl(SnippetLoaderDelegate delegate, SnippetRuns runs) {
        super(delegate);
        this.runs = runs;
        this.stopHook = StopChecks.hook(delegate.loader());
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
            stopHook.set(null);
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
     * Stops the running snippet's code at its next check, ends its waits, and where JShell can stop threads, stops
     * what still runs after {@link #STOP_GRACE_MILLIS} (see the class comment). Returns at once.
     */
    @Override
    public void stop() throws EngineTerminationException, InternalException {
        Invocation invocation;
        synchronized (this) {
            invocation = running;
            if (invocation != null) {
                stopHook.set(invocation::stopAtCheck);
            }
        }
        if (invocation == null) {
            super.stop(); // no code of a snippet runs: JShell has nothing to stop either
            return;
        }
        invocation.interruptThreads();
        if (STOPS_THREADS) {
            long deadline = System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS + INITIALIZER_WAIT_MILLIS);
            CompletableFuture.delayedExecutor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                    .execute(() -> stopAfterInitializers(invocation, deadline));
        }
    }

    private void stopAfterInitializers(Invocation invocation, long deadline) {
        synchronized (this) {
            if (running != invocation) {
                return; // the snippet ended
            }
            if (invocation.initializesClass() && System.nanoTime() < deadline) {
                CompletableFuture.delayedExecutor(INITIALIZER_POLL_MILLIS, TimeUnit.MILLISECONDS)
                        .execute(() -> stopAfterInitializers(invocation, deadline));
                return;
            }
            runs.threadsStopped();
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

        /**
         * Run by each check once the cell was stopped: ends the calling thread if it is one of the cell's, unless it
         * is in a static initializer.
         */
        @SuppressWarnings({"removal", "deprecation"})
        void stopAtCheck() {
            ThreadGroup group = group();
            if (group != null && Thread.currentThread().getThreadGroup() == group
                    && !StackWalker.getInstance().walk(frames -> frames.anyMatch(Invocation::isInitializer))) {
                throw new ThreadDeath();
            }
        }

        /** Interrupts every thread of the cell, as JShell's stop does from JDK 20: each wait ends. */
        void interruptThreads() {
            for (Thread t : threads()) {
                t.interrupt();
            }
        }

        /** Whether a thread of the cell is in a static initializer now. */
        boolean initializesClass() {
            for (Thread t : threads()) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    if (frame.getMethodName().equals("<clinit>")) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean isInitializer(StackWalker.StackFrame frame) {
            return frame.getMethodName().equals("<clinit>");
        }

        /** The group of JShell's execution thread, which holds every thread the cell starts; null before it runs. */
        private ThreadGroup group() {
            Thread t = thread;
            return t == null ? null : t.getThreadGroup();
        }

        private List<Thread> threads() {
            ThreadGroup group = group();
            if (group == null) {
                return List.of();
            }
            Thread[] threads;
            int n;
            do {
                threads = new Thread[group.activeCount() + 4];
                n = group.enumerate(threads);
            } while (n == threads.length);
            return Arrays.asList(threads).subList(0, n);
        }

        /** What JShell is told the value was: its type only, which costs nothing whatever the value's size. */
        String describeValue() {
            Object v = value;
            value = null;
            return v == null ? "null" : v.getClass().getTypeName();
        }
    }
}
