package dev.procbook.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
    public static boolean at(Thread thread, String method) {
        return at(thread, method, Where.ON_STACK);
    }

    /** Where a stop lands in the method {@link #at(Thread, String, Where)} waits for. */
    public enum Where {
        /** Anywhere while the method runs, in its own code or in what it calls. */
        ON_STACK,
        /**
         * In the method's own code, before the thread was seen in anything the method calls: mostly its first
         * bytecodes, where a method that releases a resource has not yet begun to, and now and then those after a
         * call too short to be seen. A stop anywhere on the stack rarely lands there. The thread runs slowed
         * meanwhile, as on a loaded machine: it is seen at many more of its bytecodes, and it is often not run again
         * before the stop comes, so the stop lands at that bytecode rather than in the next call. The method must
         * run interpreted: compiled code takes a stop only at its calls and loops.
         */
        BEFORE_FIRST_CALL
    }

    /** As {@link #at(Thread, String)}, stopping the thread only where {@code where} says. */
    @SuppressWarnings({"removal", "deprecation"})
    public static boolean at(Thread thread, String method, Where where) {
        boolean called = false; // BEFORE_FIRST_CALL: the method was seen below a frame of a method it called
        while (thread.isAlive()) {
            StackTraceElement[] stack = thread.getStackTrace();
            int depth = -1;
            for (int i = 0; i < stack.length && depth < 0; i++) {
                depth = name(stack[i]).equals(method) ? i : -1;
            }
            called |= depth > 0;
            boolean inMethod = where == Where.ON_STACK ? depth >= 0 : depth == 0 && !called;
            if (inMethod && !initializing(stack)) {
                thread.stop();
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static String name(StackTraceElement frame) {
        return frame.getClassName() + "." + frame.getMethodName();
    }

    private static boolean initializing(StackTraceElement[] stack) {
        return Arrays.stream(stack).anyMatch(e -> e.getMethodName().equals("<clinit>"));
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
        repeat(call, method, Where.ON_STACK, landings, trials, nothingLeft);
    }

    /** As {@link #repeat(Runnable, String, int, int, Check)}, each stop landing where {@code where} says. */
    public static void repeat(Runnable call, String method, Where where, int landings, int trials, Check nothingLeft)
            throws Exception {
        int landed = 0;
        int trial = 0;
        long began = System.nanoTime();
        for (; landed < landings && (trial < trials || landed == 0 && System.nanoTime() - began
                < LAND_ONE_WITHIN_NANOS); trial++) {
            CountDownLatch slowed = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    slowed.await(); // a short call would otherwise be done before it is slowed
                } catch (InterruptedException e) {
                    return;
                }
                call.run();
            }, "stopped-call-" + trial) /* a name Linux keeps whole */;
            t.setUncaughtExceptionHandler((thread, e) -> { });
            t.start();
            try (Load load = where == Where.BEFORE_FIRST_CALL ? Load.slowing(t) : Load.none()) {
                slowed.countDown();
                if (at(t, method, where)) {
                    landed++;
                }
            } finally {
                slowed.countDown();
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
            throw new AssertionError("no stop landed in " + method + " (" + where + ") in " + trial + " trials and "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s: the test proves nothing");
        }
    }

    /**
     * Slows one thread against the rest: it runs at the lowest priority (nice 19) while a thread per core spins at
     * the normal one, until closed. The polling thread then sees it at many more of its bytecodes, and stops it
     * before it runs on.
     */
    private static final class Load implements AutoCloseable {
        private final List<Thread> spinners = new ArrayList<>();
        private volatile boolean on = true;

        static Load none() {
            return new Load();
        }

        static Load slowing(Thread thread) throws IOException, InterruptedException {
            Load load = new Load();
            load.renice(thread);
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                Thread spinner = new Thread(() -> {
                    while (load.on) {
                        Thread.onSpinWait();
                    }
                }, "test-load-" + i);
                spinner.setDaemon(true);
                spinner.start();
                load.spinners.add(spinner);
            }
            return load;
        }

        /**
         * Gives {@code thread} nice 19 through its Linux task id, found by its name (as far as Linux keeps it); a
         * thread that has ended needs none.
         */
        private void renice(Thread thread) throws IOException, InterruptedException {
            String comm = thread.getName().substring(0, Math.min(15, thread.getName().length()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (thread.isAlive()) { // it names itself once it runs
                if (System.nanoTime() > deadline) {
                    throw new IOException("no task of this process is named " + comm);
                }
                try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                    for (Path task : (Iterable<Path>) tasks::iterator) {
                        String name;
                        try {
                            name = Files.readString(task.resolve("comm")).strip();
                        } catch (IOException e) {
                            continue; // a thread that ended meanwhile: no such file, or no such process
                        }
                        if (name.equals(comm)) {
                            Process renice = new ProcessBuilder("renice", "-n", "19", "-p",
                                    task.getFileName().toString()).redirectErrorStream(true).start();
                            String said = new String(renice.getInputStream().readAllBytes());
                            if (renice.waitFor() == 0) {
                                return;
                            }
                            if (!said.contains("No such process")) { // not one that ended meanwhile
                                throw new IOException("renice of " + thread.getName() + " failed: " + said);
                            }
                        }
                    }
                }
                Thread.sleep(1);
            }
        }

        @Override
        public void close() throws InterruptedException {
            on = false;
            for (Thread spinner : spinners) {
                spinner.join();
            }
        }
    }

    /** What a stopped call must not leave behind. */
    @FunctionalInterface
    public interface Check {
        void run(String when) throws Exception;
    }
}
