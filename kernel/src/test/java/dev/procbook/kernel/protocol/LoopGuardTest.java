package dev.procbook.kernel.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LoopGuardTest {

    /** What the guard told: the loops that ran out of memory and the reasons the kernel was to end. */
    private final List<String> ranOut = new CopyOnWriteArrayList<>();
    private final List<String> ended = new CopyOnWriteArrayList<>();
    private final CountDownLatch endedOnce = new CountDownLatch(1);
    private final LoopGuard guard = new LoopGuard(ranOut::add, new KernelFailure() {
        @Override
        public void halt(String reason) {
            ended.add(String.valueOf(reason));
            endedOnce.countDown();
        }

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            halt(thread.getName() + " died: " + error);
        }
    });

    @Test
    void aLoopThatRunsOutOfMemoryTellsAndGoesRound() throws InterruptedException {
        AtomicInteger rounds = new AtomicInteger();
        Thread loop = guard.thread(() -> guard.loop(() -> rounds.get() < 5, () -> {
            if (rounds.incrementAndGet() % 2 == 1) {
                throw new OutOfMemoryError("Java heap space");
            }
        }), "test-loop");
        loop.start();
        loop.join();
        assertEquals(5, rounds.get());
        assertEquals(List.of("test-loop", "test-loop", "test-loop"), ranOut);
        assertTrue(ended.isEmpty(), ended.toString());
    }

    @Test
    void aLoopThatFailsOtherwiseEndsTheKernelNamingItself() throws InterruptedException {
        Thread loop = guard.thread(() -> guard.loop(() -> true, () -> {
            throw new IllegalStateException("socket gone");
        }), "test-shell");
        loop.start();
        assertTrue(endedOnce.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("test-shell died: java.lang.IllegalStateException: socket gone"), ended);
    }

    @Test
    void aLoopThatIsStoppingEndsQuietly() throws InterruptedException {
        boolean[] running = {true};
        Thread loop = guard.thread(() -> guard.loop(() -> running[0], () -> {
            running[0] = false;
            throw new IllegalStateException("closed while stopping");
        }), "test-closing");
        loop.start();
        loop.join();
        assertTrue(ended.isEmpty(), ended.toString());
    }

    @Test
    void aRequestLostForWantOfMemoryEndsTheKernelSayingWhere() {
        guard.requestLost("procbook-shell", new OutOfMemoryError("Java heap space"));
        assertEquals(List.of("procbook-shell"), ranOut);
        assertEquals(List.of("the kernel cannot go on: a request could not be answered: channel=procbook-shell, "
                + "error=java.lang.OutOfMemoryError: Java heap space"), ended);
    }
}
