package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.manager.Counters.Counter;
import dev.procbook.manager.Counters.Point;
import dev.procbook.manager.Counters.SimpleCounter;
import dev.procbook.manager.Counters.Tally;
import dev.procbook.process.NoLeftovers;
import dev.procbook.process.WorkerOptions;
import dev.procbook.testing.Await;
import dev.procbook.testing.Collected;
import dev.procbook.testing.StopAnywhere;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(NoLeftovers.class)
@Timeout(120)
class ManagerIT {

    /** A notebook's stop (JDK 17's Thread.stop lands anywhere) while a manager starts or closes leaves no JVM. */
    @ParameterizedTest
    @ValueSource(strings = {"dev.procbook.manager.Manager.launch", "dev.procbook.process.Worker.call",
            "dev.procbook.manager.Manager.close"})
    void aStopThatLandsWhileAManagerStartsOrClosesLeavesNoProcess(String method) throws Exception {
        StopAnywhere.assumeThreadsCanBeStopped();
        StopAnywhere.repeat(() -> {
            try (Manager manager = Manager.start()) {
                manager.pid();
            }
        }, method, 3, 30, when -> Await.until("no manager to be left " + when, () -> NoLeftovers.children().isEmpty()));
    }

    /**
     * A stop that lands in close's own code, before or between the calls it makes, still leaves no JVM: a close
     * that a stop ends before it could ask the manager to exit kills it.
     */
    @Test
    @Timeout(300)
    void aStopThatLandsInTheCloseItselfLeavesNoProcess() throws Exception {
        StopAnywhere.assumeThreadsCanBeStopped();
        StopAnywhere.repeat(() -> {
            try (Manager manager = Manager.start()) {
                manager.pid();
            }
        }, "dev.procbook.manager.Manager.close", StopAnywhere.Where.BEFORE_FIRST_CALL, 3, 60,
                when -> Await.until("no manager to be left " + when, () -> NoLeftovers.children().isEmpty()));
    }

    @Test
    void typedProxyOfAnInterfaceRunsItsCallsInTheManagerProcess() {
        try (Manager manager = Manager.start()) {
            Counter counter = manager.create(Counter.class, SimpleCounter::new);
            assertEquals(3, counter.inc(3));
            assertEquals(5, counter.inc(2));
            assertEquals(manager.pid(), counter.pid());
            assertNotEquals(ProcessHandle.current().pid(), counter.pid());
        }
    }

    @Test
    void typedProxyOfAClassForwardsPackagePrivateMethodsWithoutRunningItsConstructorHere() {
        int madeHere = Tally.MADE.get();
        try (Manager manager = Manager.start()) {
            Tally tally = manager.create(Tally.class, Tally::new);
            assertEquals(7, tally.add(7));
            assertEquals(manager.pid(), tally.pid());
            assertEquals(1, tally.made(), "made once, in the manager");
            assertEquals(madeHere, Tally.MADE.get(), "no constructor ran in this process");
        }
    }

    @Test
    void namespaceProxyCallsGetsAndSetsMembersOfAClassAndOfARecord() {
        try (Manager manager = Manager.start()) {
            NamespaceProxy tally = manager.namespace(Tally::new);
            assertEquals(4L, (long) tally.call("add", 4));
            tally.set("total", 10L);
            assertEquals(10L, (long) tally.get("total"));
            NamespaceProxy point = manager.namespace(() -> new Point(3, 4));
            assertEquals(5.0, (double) point.call("norm"));
            assertEquals(3, (int) point.get("x"));
            MemberAccessException finalField = assertThrows(MemberAccessException.class, () -> point.set("x", 1));
            assertTrue(finalField.getMessage().contains("member=x"), finalField.getMessage());
        }
    }

    @Test
    void anExceptionThrownInTheManagerKeepsItsTypeMessageAndRemoteStackTrace() {
        try (Manager manager = Manager.start()) {
            Counter counter = manager.create(Counter.class, SimpleCounter::new);
            IOException e = assertThrows(IOException.class, () -> counter.fail("disk full"));
            assertEquals("disk full", e.getMessage());
            assertTrue(List.of(e.getStackTrace()).stream().anyMatch(f -> f.getClassName().contains("SimpleCounter")),
                    "the manager's frames are kept");
            assertTrue(List.of(e.getStackTrace()).stream().anyMatch(f -> f.getClassName().equals("<manager pid "
                    + manager.pid() + ">")), "then a marker, then this process's frames");
        }
    }

    @Test
    void aStandbyManagerIsTakenAtOnceAndReplacedInTheBackground() throws Exception {
        WorkerOptions options = WorkerOptions.defaults().withStandby(1);
        try {
            Manager.startStandby(options);
            while (Manager.standbyWaiting(options) < 1) {
                Thread.sleep(10); // waiting for an observable state: the standby manager has started
            }
            try (Manager manager = Manager.start(options)) {
                assertEquals(0, Manager.standbyWaiting(options), "taken");
                assertEquals(List.of(), manager.objects(), "its warm-up objects were released");
                Counter counter = manager.create(Counter.class, SimpleCounter::new);
                assertEquals(1, counter.inc(1));
            }
        } finally {
            Manager.closeStandby();
        }
    }

    @Test
    void aManagedMapKeepsItsEntriesInTheManagerAndReturnsCopiesOfItsViews() {
        try (Manager manager = Manager.start()) {
            Map<String, Integer> scores = manager.map();
            scores.put("a", 1);
            scores.merge("a", 5, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum); // runs there
            scores.put("b", 2);
            assertEquals(Map.of("a", 6, "b", 2), Map.copyOf(scores));
            assertEquals(List.of("a", "b"), List.copyOf(scores.keySet()));
            assertThrows(dev.procbook.process.wire.NotSerializableObjectException.class,
                    () -> scores.merge("a", 1, Integer::sum), "a plain lambda cannot run in the manager");
            StringBuilder walked = new StringBuilder();
            scores.forEach((k, v) -> walked.append(k).append(v));
            assertEquals("a6b2", walked.toString());
        }
    }

    /**
     * As Python's manager is shut down when it is garbage collected, and its proxies hold it: a manager that nobody
     * holds (its cell run again) stops its JVM once it and every proxy of it in this process are collected.
     */
    @Test
    void aManagerNobodyHoldsStopsOnceItAndItsProxiesAreCollected() throws Exception {
        long[] pid = new long[1];
        Counter counter = counterOfADroppedManager(pid);
        Collected.settle();
        assertEquals(3, counter.inc(3), "a proxy holds its manager");
        counter = null;
        Collected.untilExited("the JVM of a manager nobody holds to exit", pid[0]);
    }

    private static Counter counterOfADroppedManager(long[] pid) {
        Manager manager = Manager.start();
        pid[0] = manager.pid();
        return manager.create(Counter.class, SimpleCounter::new);
    }
}
