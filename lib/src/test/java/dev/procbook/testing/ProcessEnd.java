package dev.procbook.testing;

import dev.procbook.memory.ProcessExitedException;
import dev.procbook.memory.ProcessTree;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * When a process a test watches has ended, and when it is gone from the process table: two moments apart by however
 * long its parent takes to reap it. {@link ProcessHandle#isAlive()} counts a zombie as alive, and an orphan's zombie
 * waits for PID 1 (or a subreaper), which on some machines reaps only every second or two; for a process that is not
 * this JVM's child, {@link ProcessHandle#onExit()} also looks only after 300, 630, 990, 1380 ... ms.
 *
 * <pre>{@code
 * long killed = System.nanoTime();
 * ProcessEnd end = ProcessEnd.await("the manager", killed, manager);
 * assertTrue(end.exited());
 * System.out.println(end);   // "the manager exited 14 ms after, reaped 1380 ms after"
 * }</pre>
 *
 * @param what        what the process is, for the figure printed
 * @param exitedNanos nanoseconds from the start to its end, or -1 if it had not ended within {@link Await#TIMEOUT}
 * @param reapedNanos nanoseconds from the start until it was gone from the process table, or -1 if it was not gone
 *                    within {@link #REAP_WAIT} after its end
 */
public record ProcessEnd(String what, long exitedNanos, long reapedNanos) {

    /** How long to wait, after a process has ended, for its reaping: a figure printed, not an outcome asserted. */
    public static final Duration REAP_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 1;

    /**
     * Waits for all of {@code processes} to end, and then to be reaped, timing both from {@code startNanos} (a
     * {@link System#nanoTime()} value); the times are those of the last to end and the last to be reaped.
     *
     * @throws InterruptedException if the test is interrupted while it waits
     */
    public static ProcessEnd await(String what, long startNanos, ProcessHandle... processes)
            throws InterruptedException {
        long exited = pollUntil(startNanos, Await.TIMEOUT,
                () -> Arrays.stream(processes).allMatch(p -> hasEnded(p.pid())));
        long reaped = exited < 0 ? -1 : pollUntil(startNanos, REAP_WAIT,
                () -> Arrays.stream(processes).noneMatch(ProcessHandle::isAlive));
        return new ProcessEnd(what, exited, reaped);
    }

    /** Whether process {@code pid} has ended: gone, or a zombie not reaped yet. */
    public static boolean hasEnded(long pid) {
        try (ProcessTree tree = ProcessTree.of(pid)) {
            tree.processes();
            return false;
        } catch (ProcessExitedException e) {
            return true;
        }
    }

    /** Whether every process had ended in time. */
    public boolean exited() {
        return exitedNanos >= 0;
    }

    @Override
    public String toString() {
        return what + (exitedNanos < 0 ? " still running" : String.format(" exited %.0f ms after", exitedNanos / 1e6))
                + (reapedNanos < 0 ? ", not reaped within " + REAP_WAIT.toSeconds() + " s"
                        : String.format(", reaped %.0f ms after", reapedNanos / 1e6));
    }

    /** Nanoseconds from {@code startNanos} until {@code condition} held, or -1 if it did not within {@code timeout}. */
    private static long pollUntil(long startNanos, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return -1;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return System.nanoTime() - startNanos;
    }
}
