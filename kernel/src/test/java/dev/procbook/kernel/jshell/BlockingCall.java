package dev.procbook.kernel.jshell;

import java.util.concurrent.CountDownLatch;

/**
 * What a test's cell calls to block until the cell is stopped (public: cells see only public classes of the class
 * path). On JDK 17 the stop kills the wait; on JDK 25 it interrupts it, and the wait throws.
 */
public final class BlockingCall {

    static final CountDownLatch STARTED = new CountDownLatch(1);

    private BlockingCall() {
    }

    public static void signalAndWait() throws InterruptedException {
        STARTED.countDown();
        new CountDownLatch(1).await();
    }
}
