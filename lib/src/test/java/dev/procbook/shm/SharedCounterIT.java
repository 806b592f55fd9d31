package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.procbook.process.NoLeftovers;
import dev.procbook.process.Pool;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Counters and locks in a segment stay exact while three processes update them at once. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class SharedCounterIT {

    private static final int PER_PROCESS = 200_000;

    @Test
    void aCounterIsExactUnderContentionFromThreeProcesses() {
        String name = SharedSegmentTest.uniqueName("contended");
        try (SharedSegment s = SharedSegment.create(name, 4096); Pool pool = Pool.create(2)) {
            List<CompletableFuture<Long>> workers = List.of(
                    pool.submit(() -> increment(name)), pool.submit(() -> increment(name)));
            increment(name);
            workers.forEach(CompletableFuture::join);
            assertEquals(3L * PER_PROCESS, s.counter(0).get());
        }
    }

    @Test
    void aLockMakesReadModifyWriteExactAcrossProcesses() {
        String name = SharedSegmentTest.uniqueName("locked");
        try (SharedSegment s = SharedSegment.create(name, 4096); Pool pool = Pool.create(2)) {
            List<CompletableFuture<Long>> workers = List.of(
                    pool.submit(() -> addUnderLock(name)), pool.submit(() -> addUnderLock(name)));
            addUnderLock(name);
            workers.forEach(CompletableFuture::join);
            assertEquals(3L * PER_PROCESS / 10, s.longs().get(2));
            assertEquals(0, s.lock(8).holderPid());
        }
    }

    static long increment(String name) {
        try (SharedSegment s = SharedSegment.attach(name)) {
            SharedCounter c = s.counter(0);
            long last = 0;
            for (int i = 0; i < PER_PROCESS; i++) {
                last = c.incrementAndGet();
            }
            return last;
        }
    }

    /** A plain read and write of a long, which loses updates without the lock. */
    static long addUnderLock(String name) {
        try (SharedSegment s = SharedSegment.attach(name)) {
            SharedLock lock = s.lock(8);
            LongView longs = s.longs();
            for (int i = 0; i < PER_PROCESS / 10; i++) {
                try (SharedLock.Held held = lock.acquire()) {
                    longs.set(2, longs.get(2) + 1);
                }
            }
            return longs.get(2);
        }
    }
}
