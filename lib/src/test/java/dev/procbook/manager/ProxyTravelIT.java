package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.manager.Counters.Counter;
import dev.procbook.manager.Counters.SimpleCounter;
import dev.procbook.process.Connection;
import dev.procbook.process.NoLeftovers;
import dev.procbook.process.Pipe;
import dev.procbook.process.Pool;
import dev.procbook.process.Queue;
import dev.procbook.process.Worker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proxies sent to other processes reach the same object, and references follow them. */
@ExtendWith(NoLeftovers.class)
@Timeout(180)
class ProxyTravelIT {

    /** A worker keeps what it is given here, so that only its death can release it. */
    static Object kept;

    @Test
    void aProxyReachesTheSameObjectAsTaskArgumentResultAndThroughAPipeAndAQueue() throws Exception {
        try (Manager manager = Manager.start(); Pool pool = Pool.create(2); Queue queue = Queue.open();
             Pipe pipe = Pipe.open()) {
            Counter counter = manager.create(Counter.class, SimpleCounter::new);
            assertEquals(1L, pool.apply(c -> c.inc(1), counter).get(60, TimeUnit.SECONDS));
            Counter back = pool.submit(() -> counter).get(60, TimeUnit.SECONDS);
            assertEquals(2, back.inc(1));
            assertEquals(back, counter);
            assertEquals(Proxies.objectId(counter), Proxies.objectId(back));
            queue.put(counter);
            assertEquals(3L, pool.submit(() -> ((Counter) queue.get()).inc(1)).get(60, TimeUnit.SECONDS));
            Connection rx = pipe.b();
            pipe.a().send(counter);
            pipe.a().flush();
            assertEquals(4L, pool.submit(() -> ((Counter) rx.recv()).inc(1)).get(60, TimeUnit.SECONDS));
            NamespaceProxy ns = Proxies.namespace(counter);
            assertEquals(5L, pool.submit(() -> (long) ns.call("inc", 1)).get(60, TimeUnit.SECONDS));
            assertEquals(5, counter.value());
        }
    }

    @Test
    void aWorkerDefinesTheProxyClassItsParentWroteWithoutWritingOneItself() throws Exception {
        try (Manager manager = Manager.start(); Worker worker = Worker.start()) {
            Counters.Tally tally = manager.create(Counters.Tally.class, Counters.Tally::new);
            assertTrue(ProxyClasses.WRITTEN.get() > 0, "written here");
            List<Object> there = worker.call(() -> List.of(tally.add(2), ProxyClasses.WRITTEN.get()));
            assertEquals(List.of(2L, 0), there, "the worker called through a class it did not write");
        }
    }

    @Test
    void anObjectIsReleasedWhenItsLastProxyIsClosedAndListedUntilThen() throws Exception {
        try (Manager manager = Manager.start()) {
            Counter counter = manager.create(Counter.class, SimpleCounter::new);
            NamespaceProxy other = Proxies.namespace(counter);
            long id = Proxies.objectId(counter);
            ObjectInfo listed = ManagedObjects.find(ManagedObjects.await(manager,
                    o -> ManagedObjects.find(o, id) != null && ManagedObjects.find(o, id).references() == 2), id);
            assertEquals(2, listed.references());
            assertEquals("Counter", listed.type());
            assertEquals("SimpleCounter", listed.implementation());
            assertTrue(listed.deepBytes() >= listed.shallowBytes() && listed.shallowBytes() > 0);
            Proxies.close(counter);
            Proxies.close(counter); // idempotent
            assertThrows(ProxyClosedException.class, () -> counter.inc(1));
            assertEquals(0L, (long) other.call("value"), "the other proxy still reaches it");
            other.close();
            assertNull(ManagedObjects.find(ManagedObjects.await(manager, o -> o.isEmpty()), id));
        }
    }

    @Test
    void aKilledClientReleasesItsReferences() throws Exception {
        try (Manager manager = Manager.start(); Worker worker = Worker.start()) {
            Counter counter = manager.create(Counter.class, SimpleCounter::new);
            long id = Proxies.objectId(counter);
            worker.call(() -> {
                kept = counter; // a second reference, held by the worker's session
                return counter.inc(1);
            });
            assertEquals(2, ManagedObjects.find(ManagedObjects.await(manager,
                    o -> ManagedObjects.find(o, id).references() == 2), id).references());
            ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly();
            assertEquals(1, ManagedObjects.find(ManagedObjects.await(manager,
                    o -> ManagedObjects.find(o, id).references() == 1), id).references());
            assertEquals(2, counter.inc(1));
        }
    }

    @Test
    void aLockHeldByAKilledClientIsReleased() throws Exception {
        try (Manager manager = Manager.start(); Worker worker = Worker.start()) {
            java.util.concurrent.locks.Lock lock = manager.lock();
            worker.call(() -> {
                lock.lock(); // and never unlocked: the worker dies holding it
                return true;
            });
            assertTrue(!lock.tryLock(), "held by the worker");
            ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly();
            assertTrue(lock.tryLock(10, TimeUnit.SECONDS), "released when the worker's connection ended");
            lock.unlock();
        }
    }

    @Test
    void aProxyCollectedWithoutCloseReleasesItsReference() throws Exception {
        try (Manager manager = Manager.start()) {
            long id = Proxies.objectId(manager.create(Counter.class, SimpleCounter::new)); // dropped at once
            List<ObjectInfo> left = ManagedObjects.await(manager, o -> {
                System.gc();
                return ManagedObjects.find(o, id) == null;
            });
            assertNull(ManagedObjects.find(left, id));
        }
    }

    @Test
    void aProxyInFlightKeepsItsObjectAfterTheSenderClosedItsOwn() throws Exception {
        try (Manager manager = Manager.start(); Queue queue = Queue.open(); Worker worker = Worker.start()) {
            Counter counter = manager.create(Counter.class, SimpleCounter::new);
            long id = Proxies.objectId(counter);
            queue.put(counter);
            Proxies.close(counter); // the copy in the queue still holds a reference
            ObjectInfo inFlight = ManagedObjects.find(manager.objects(), id);
            assertNotNull(inFlight);
            assertEquals(1, inFlight.inTransit());
            assertEquals(1L, worker.call(() -> ((Counter) queue.get()).inc(1)));
            ObjectInfo arrived = ManagedObjects.find(ManagedObjects.await(manager,
                    o -> ManagedObjects.find(o, id) == null || ManagedObjects.find(o, id).inTransit() == 0), id);
            assertTrue(arrived == null || arrived.inTransit() == 0);
        }
    }
}
