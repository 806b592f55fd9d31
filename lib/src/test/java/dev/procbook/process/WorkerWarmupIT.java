package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Standby workers run the warm-ups their class path declares; workers started on demand do not. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class WorkerWarmupIT {

    /** Declared in this module's test resources. */
    public static final class MarksTheWorker implements WorkerWarmup {
        @Override
        public void warm() {
            System.setProperty("procbook.test.warmed", "yes");
        }
    }

    @Test
    void standbyWorkersHaveRunTheDeclaredWarmUpsAndOthersHaveNot() throws InterruptedException {
        WorkerOptions options = WorkerOptions.defaults().withStandby(1);
        try {
            Worker.startStandby(options);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Worker.standbyWaiting(options) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (Worker standby = Worker.start(options); Worker fresh = Worker.start()) {
                assertEquals("yes", standby.call(() -> System.getProperty("procbook.test.warmed", "no")));
                assertEquals("no", fresh.call(() -> System.getProperty("procbook.test.warmed", "no")));
            }
        } finally {
            Worker.closeStandby();
        }
    }
}
