package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.procbook.testing.Await;
import java.time.Duration;
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
            Await.until("a standby worker to wait", Duration.ofSeconds(60), () -> Worker.standbyWaiting(options) >= 1);
            try (Worker standby = Worker.start(options); Worker fresh = Worker.start()) {
                assertEquals("yes", standby.call(() -> System.getProperty("procbook.test.warmed", "no")));
                assertEquals("no", fresh.call(() -> System.getProperty("procbook.test.warmed", "no")));
            }
        } finally {
            Worker.closeStandby();
        }
    }
}
