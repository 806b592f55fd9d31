package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.manager.Counters.Counter;
import dev.procbook.manager.Counters.SimpleCounter;
import dev.procbook.process.NoLeftovers;
import dev.procbook.process.Pool;
import dev.procbook.testing.Await;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SyncManager family, used from this process and from four pool workers at once. */
@ExtendWith(NoLeftovers.class)
@Timeout(180)
class ManagerFamilyIT {

    private static final int WORKERS = 4;
    private Manager manager;
    private Pool pool;

    @BeforeEach
    void start() {
        manager = Manager.start();
        pool = Pool.create(WORKERS);
    }

    @AfterEach
    void stop() {
        pool.close();
        manager.close();
    }

    private static List<Integer> workers() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void fourProcessesIncrementingOneCounterTenThousandTimesEachEndExact() {
        Counter counter = manager.create(Counter.class, SimpleCounter::new);
        Value hits = manager.value(0);
        List<Long> pids = pool.map(i -> {
            for (int k = 0; k < 10_000; k++) {
                counter.inc(1);
                hits.incrementAndGet();
            }
            return ProcessHandle.current().pid();
        }, workers(), 1);
        assertEquals(WORKERS, new HashSet<>(pids).size(), "four processes took part");
        assertEquals(40_000, counter.value());
        assertEquals(40_000, hits.get());
    }

    @Test
    void aLockHeldByOneProcessExcludesTheOthersAndIsReentrant() {
        Lock lock = manager.lock();
        Value shared = manager.value(0);
        pool.map(i -> {
            for (int k = 0; k < 1_000; k++) {
                lock.lock();
                try {
                    lock.lock(); // re-entrant: the same client thread holds it twice
                    try {
                        long v = shared.get(); // read and write apart: only exclusion keeps every increment
                        shared.set(v + 1);
                    } finally {
                        lock.unlock();
                    }
                } finally {
                    lock.unlock();
                }
            }
            return null;
        }, workers(), 1);
        assertEquals(4_000, shared.get());
        assertTrue(lock.tryLock(), "released by everyone");
        lock.unlock();
    }

    @Test
    void aBarrierReleasesAllItsPartiesInEveryProcess() throws Exception {
        CyclicBarrier barrier = manager.barrier(WORKERS + 1);
        CompletableFuture<List<Integer>> arrivals = CompletableFuture.supplyAsync(
                () -> pool.map(i -> barrier.await(30, TimeUnit.SECONDS), workers(), 1));
        int mine = barrier.await(30, TimeUnit.SECONDS);
        Set<Integer> all = new HashSet<>(arrivals.get(60, TimeUnit.SECONDS));
        all.add(mine);
        assertEquals(Set.of(0, 1, 2, 3, 4), all, "each party got its own arrival index");
        assertFalse(barrier.isBroken());
    }

    @Test
    void anEventAQueueAConditionAndASemaphoreWorkAcrossProcesses() throws Exception {
        Event go = manager.event();
        BlockingQueue<String> done = manager.queue();
        Semaphore permits = manager.semaphore(2);
        Lock lock = manager.lock();
        Condition signalled = manager.condition(lock);
        List<Boolean> flags = manager.list();
        CompletableFuture<List<String>> tasks = CompletableFuture.supplyAsync(() -> pool.map(i -> {
            go.await();
            permits.acquire();
            try {
                done.put("worker " + i);
            } finally {
                permits.release();
            }
            lock.lock();
            try {
                flags.add(true);
                while (flags.size() <= WORKERS) {
                    signalled.await();
                }
            } finally {
                lock.unlock();
            }
            return "ok";
        }, workers(), 1));
        assertTrue(done.isEmpty(), "nothing before the event is set");
        go.set();
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            taken.add(done.poll(30, TimeUnit.SECONDS));
        }
        assertEquals(WORKERS, new HashSet<>(taken).size());
        awaitSize(flags, WORKERS);
        lock.lock();
        try {
            flags.add(false);
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
        assertEquals(List.of("ok", "ok", "ok", "ok"), tasks.get(60, TimeUnit.SECONDS));
        assertEquals(2, permits.availablePermits());
        List<String> drained = new ArrayList<>();
        done.put("left");
        assertEquals(1, done.drainTo(drained));
        assertEquals(List.of("left"), drained);
    }

    @Test
    void aNamespaceAndAListAreSharedWithWorkers() {
        NamespaceProxy ns = manager.namespace();
        ns.set("label", "replica");
        List<String> seen = manager.list();
        pool.map(i -> {
            seen.add(ns.get("label") + " " + i);
            return null;
        }, workers(), 1);
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(null);
        assertEquals(List.of("replica 0", "replica 1", "replica 2", "replica 3"), sorted);
        assertEquals("Namespace(label=replica)", ns.call("toString"));
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        Await.until(size + " items in the list", () -> list.size() >= size);
        assertEquals(size, list.size());
    }
}
