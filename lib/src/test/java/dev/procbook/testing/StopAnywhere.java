package dev.procbook.testing;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Stops a thread with {@code Thread.stop} once a given method is on its stack, as JDK 17's JShell stops a notebook
 * cell: its {@code ThreadDeath} may land anywhere in the code, not only where the code waits. Tests use it to show
 * that a call stopped in the middle of setting up or releasing a resource leaves nothing behind.
 * {@code boolean landed = StopAnywhere.at(thread, "dev.procbook.process.PoolSlot.<init>");}
 */
public final class StopAnywhere {

    private StopAnywhere() {
    }

    /** Skips the test on JDKs without {@code Thread.stop} (20 and later), whose JShell interrupts instead. */
    public static void assumeThreadsCanBeStopped() {
        assumeTrue(Runtime.version().feature() < 20, "Thread.stop works before JDK 20 only, as JShell's stop does");
    }

    /**
     * Polls {@code thread}'s stack until a frame of {@code method} ({@code class.method}, {@code <init>} for a
     * constructor) is on it, then stops the thread; false if the thread ended first. As the kernel does, it holds
     * the stop back while the thread initializes a class, which a {@code ThreadDeath} would break for good.
     */
    @SuppressWarnings({"removal", "deprecation"})
    public static boolean at(Thread thread, String method) {
        while (thread.isAlive()) {
            boolean inMethod = false;
            boolean initializing = false;
            for (StackTraceElement e : thread.getStackTrace()) {
                inMethod |= (e.getClassName() + "." + e.getMethodName()).equals(method);
                initializing |= e.getMethodName().equals("<clinit>");
            }
            if (inMethod && !initializing) {
                thread.stop();
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /** How long {@link #repeat} goes on trying when no stop has landed yet: a loaded machine lands few. */
    private static final long LAND_ONE_WITHIN_NANOS = TimeUnit.MINUTES.toNanos(3);

    /**
     * Runs {@code call} on threads of its own, stopping each at {@code method}, until a stop has landed there
     * {@code landings} times, or {@code trials} calls ran and one landed; after each, {@code nothingLeft} must pass.
     * While none has landed it goes on past {@code trials}, for up to three minutes: a short window, on a machine
     * busy with other work, may be missed by tens of calls in a row.
     *
     * @throws AssertionError if no stop landed at all: the test would prove nothing
     */
    public static void repeat(Runnable call, String method, int landings, int trials, Check nothingLeft)
            throws Exception {
        int landed = 0;
        int trial = 0;
        long began = System.nanoTime();
        for (; landed < landings && (trial < trials || landed == 0 && System.nanoTime() - began
                < LAND_ONE_WITHIN_NANOS); trial++) {
            Thread t = new Thread(call, "test-stopped-call-" + trial);
            t.setUncaughtExceptionHandler((thread, e) -> { });
            t.start();
            if (at(t, method)) {
                landed++;
            }
            t.join(30_000);
            if (t.isAlive()) {
                AssertionError stuck = new AssertionError("a call stopped in " + method + " still runs after 30 s,"
                        + " trial " + trial + "; its stack is this error's");
                stuck.setStackTrace(t.getStackTrace());
                Thread.getAllStackTraces().forEach((other, stack) -> { // what it may be waiting for
                    System.err.println("\"" + other.getName() + "\" " + other.getState());
                    for (StackTraceElement e : stack) {
                        System.err.println("\tat " + e);
                    }
                });
                throw stuck;
            }
            nothingLeft.run("after trial " + trial + ", stopped in " + method);
        }
        if (landed == 0) {
            throw new AssertionError("no stop landed in " + method + " in " + trial + " trials and "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s: the test proves nothing");
        }
    }

    /** What a stopped call must not leave behind. */
    @FunctionalInterface
    public interface Check {
        void run(String when) throws Exception;
    }
}
