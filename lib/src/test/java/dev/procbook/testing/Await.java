package dev.procbook.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Waits in a test for a state it can observe (a file written, a row sampled, a thread blocked where the test wants
 * it) instead of sleeping for a time that is too short on a loaded machine and too long on an idle one.
 *
 * <pre>{@code
 * Await.until("three samples", () -> sampler.system().rowCount() >= 3);
 * }</pre>
 * The timeout is generous on purpose: it only bounds a test whose state never comes, and then fails it naming what
 * was awaited. It is not a measure of speed; benchmarks are.
 */
public final class Await {

    /** How long a state may take to come before the test fails: long enough for a slow, shared machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /**
     * Returns once {@code condition} holds, checking it every 10 ms for up to {@link #TIMEOUT}.
     *
     * @throws AssertionError       naming {@code what} if it does not hold in time
     * @throws InterruptedException if the test is interrupted while it waits
     */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, TIMEOUT, condition);
    }

    /**
     * Returns once {@code condition} holds, checking it every 10 ms for up to {@code timeout}.
     *
     * @throws AssertionError       naming {@code what} and the timeout if it does not hold in time
     * @throws InterruptedException if the test is interrupted while it waits
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what + " (timeout=" + timeout + ")");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Returns once the stack of {@code thread} holds a frame of every method named in {@code methods}, such as a
     * lib call and the JDK call it blocks in ({@code "get", "select"}): the thread is then where the test wants it.
     * Its state is not asked, since a thread blocked in a selector is {@code RUNNABLE}.
     *
     * @throws AssertionError       naming the thread and methods if it does not get there within {@link #TIMEOUT}
     * @throws InterruptedException if the test is interrupted while it waits
     */
    public static void blockedIn(Thread thread, String... methods) throws InterruptedException {
        List<String> wanted = List.of(methods);
        until(thread.getName() + " in " + wanted, () -> Arrays.stream(thread.getStackTrace())
                .map(StackTraceElement::getMethodName).collect(Collectors.toSet()).containsAll(wanted));
    }
}
