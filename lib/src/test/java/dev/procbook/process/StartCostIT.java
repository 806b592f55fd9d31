package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
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

    @Test
    void connectBackTimesBareJvmsStartedAtOnceAndLeavesNothing() throws IOException {
        List<Path> before = floorDirectories();
        StartCost.Times two = StartCost.connectBack(2, WorkerOptions.defaults(), 3);
        assertEquals(3, two.millis().length);
        assertTrue(Arrays.stream(two.millis()).allMatch(ms -> ms > 0), Arrays.toString(two.millis()));
        assertEquals(before, floorDirectories(), "temporary class directory left");
        assertThrows(IllegalArgumentException.class, () -> StartCost.connectBack(0, WorkerOptions.defaults(), 1));
    }

    @Test
    void aFloorJvmThatCannotStartIsReportedNotWaitedFor() {
        WorkerOptions broken = WorkerOptions.defaults().plusJvmOptions("-XX:+NoSuchProcbookOption");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> StartCost.connectBack(2, broken, 1));
        assertTrue(e.getCause().getMessage().contains("exited with code 1"), e.getCause().getMessage());
    }

    private static List<Path> floorDirectories() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("procbook-floor-")).sorted().toList();
        }
    }
}
