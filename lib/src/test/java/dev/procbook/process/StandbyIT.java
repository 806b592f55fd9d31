package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.testing.Await;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftovers.class)
@Timeout(120)
class StandbyIT {

    private final WorkerOptions options = WorkerOptions.defaults().withStandby(2);

    @AfterEach
    void stopStandby() {
        Worker.closeStandby();
    }

    @Test
    void aPoolTakesTheWaitingWorkersAndReplacementsStartInTheirPlace() throws Exception {
        Worker.startStandby(options);
        awaitWaiting(2);
        Set<Long> waiting = childPids();
        Set<Long> used;
        try (Pool pool = Pool.builder().processes(2).workerOptions(options).build()) {
            used = new HashSet<>(pool.pids());
            assertEquals(waiting, used, "the pool should run on the standby workers");
            assertEquals(List.of(2, 3), pool.map(x -> x + 1, List.of(1, 2)));
        }
        awaitWaiting(2);
        Set<Long> replacements = childPids();
        assertEquals(2, replacements.size());
        assertTrue(replacements.stream().noneMatch(used::contains), "a used worker must never wait again");
    }

    @Test
    void aStandbyWorkerKilledWhileWaitingIsNotHandedOut() throws Exception {
        Worker.startStandby(options);
        awaitWaiting(2);
        ProcessHandle victim = NoLeftovers.children().get(0);
        victim.destroyForcibly();
        victim.onExit().get(10, TimeUnit.SECONDS);
        try (Pool pool = Pool.builder().processes(2).workerOptions(options).build()) {
            assertFalse(pool.pids().contains(victim.pid()));
            assertEquals(List.of(10, 20), pool.map(x -> x * 10, List.of(1, 2)));
        }
    }

    @Test
    void closeStandbyStopsTheWaitingWorkers() throws Exception {
        Worker.startStandby(options);
        awaitWaiting(2);
        Worker.closeStandby();
        assertEquals(0, Worker.standbyWaiting(options));
        Await.until("the standby workers to exit", () -> NoLeftovers.children().isEmpty());
        assertEquals(Set.of(), childPids());
    }

    @Test
    void aStandbyCountOutOfRangeIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerOptions.defaults().withStandby(-1));
        assertTrue(e.getMessage().contains("standby=-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> WorkerOptions.defaults().withStandby(WorkerOptions.MAX_STANDBY + 1));
    }

    private void awaitWaiting(int n) throws InterruptedException {
        Await.until(n + " standby workers to wait", Duration.ofSeconds(60), () -> Worker.standbyWaiting(options) >= n);
    }

    private static Set<Long> childPids() {
        return NoLeftovers.children().stream().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
