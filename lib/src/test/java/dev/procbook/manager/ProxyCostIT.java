package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.NoLeftovers;
import dev.procbook.process.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The figures ProxyCost gives are consistent, and leave nothing behind; their size is for benchmarks to print. */
@ExtendWith(NoLeftovers.class)
@Timeout(180)
class ProxyCostIT {

    @Test
    void callFiguresAreConsistentAndTheMeasuredObjectsAreReleased() throws InterruptedException {
        try (Manager manager = Manager.start()) {
            for (ProxyCost.Calls c : new ProxyCost.Calls[] {ProxyCost.typedCalls(manager, 200, 3),
                    ProxyCost.namespaceGets(manager, 200, 3), ProxyCost.fromWorkers(manager, 2, 200)}) {
                assertTrue(c.medianMicros() > 0 && c.medianMicros() <= c.p99Micros(), c.toString());
                assertTrue(c.perSecond() > 0, c.toString());
            }
            assertEquals(0, ManagedObjects.await(manager, java.util.List::isEmpty).size(),
                    "every measured object was released");
        }
    }

    @Test
    void aLifecycleTimesEachRepeatOfStartFirstCallAndShutdown() {
        ProxyCost.Lifecycle l = ProxyCost.lifecycle(WorkerOptions.defaults().withStandby(1), 2);
        assertEquals(2, l.start().millis().length);
        assertEquals(2, l.firstCall().millis().length);
        assertTrue(l.shutdown().warmMedian() > 0);
    }
}
