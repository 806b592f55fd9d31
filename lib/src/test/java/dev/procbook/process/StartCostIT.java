package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftovers.class)
@Timeout(180)
class StartCostIT {

    @Test
    void poolStartsAreTimedColdAndWarmWithAndWithoutStandbyWorkers() {
        StartCost.Times cold = StartCost.poolStarts(2, WorkerOptions.defaults(), 3);
        StartCost.Times standby = StartCost.poolStarts(2, WorkerOptions.defaults().withStandby(2), 3);
        for (StartCost.Times t : new StartCost.Times[] {cold, standby}) {
            assertEquals(3, t.millis().length);
            assertTrue(Arrays.stream(t.millis()).allMatch(ms -> ms > 0), Arrays.toString(t.millis()));
        }
        assertEquals(0, Worker.standbyWaiting(WorkerOptions.defaults().withStandby(2)), "standby workers closed");
    }

    @Test
    void javaVersionIsTheFloorAndRepeatsMustBePositive() {
        StartCost.Times floor = StartCost.javaVersion(WorkerOptions.defaults().javaCommand(), 2);
        assertTrue(floor.warmMedian() > 0 && floor.first() > 0);
        assertThrows(IllegalArgumentException.class, () -> StartCost.javaVersion(WorkerOptions.defaults().javaCommand(), 0));
    }
}
