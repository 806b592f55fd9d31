package dev.procbook.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void untilReturnsOnceTheConditionHolds() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        Await.until("the third check", () -> checks.incrementAndGet() == 3);
        assertEquals(3, checks.get());
    }

    @Test
    void aConditionThatNeverHoldsFailsTheTestNamingWhatWasAwaited() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until("a state that never comes", Duration.ofMillis(50), () -> false));
        assertEquals("timed out waiting for: a state that never comes (timeout=PT0.05S)", e.getMessage());
    }

    @Test
    void blockedInSeesAThreadWaitingOnALatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread waiter = new Thread(() -> waitFor(release), "test-waiter");
        waiter.start();
        try {
            Await.blockedIn(waiter, "waitFor", "await");
            assertTrue(waiter.isAlive());
        } finally {
            release.countDown();
            waiter.join();
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
