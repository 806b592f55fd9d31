package dev.procbook.testing;

import java.util.Arrays;

/** Garbage collection in tests of what becomes of a handle that nobody holds. */
public final class Collected {

    private Collected() {
    }

    /** Runs five collections 100 ms apart: whatever nobody holds by then is collected, and its cleaners have run. */
    public static void settle() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
    }

    /**
     * Collects until every process in {@code pids} has exited.
     *
     * @throws AssertionError naming {@code what} and the pids if one runs on past {@link Await#TIMEOUT}
     */
    public static void untilExited(String what, long... pids) throws InterruptedException {
        Await.until(what + ": pids=" + Arrays.toString(pids), () -> {
            System.gc();
            return Arrays.stream(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                    .orElse(false));
        });
    }
}
