package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.procbook.process.NoLeftovers;
import dev.procbook.testing.StopAnywhere;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftovers.class)
class SharedFrameIT {

    /** A stop that lands in a publisher's close before it has called anything still unlinks the frame's file. */
    @Test
    @Timeout(300)
    void aStopThatLandsBeforeAPublishersCloseBeganLeavesNoFile() throws Exception {
        StopAnywhere.assumeThreadsCanBeStopped();
        AtomicReference<Path> published = new AtomicReference<>();
        StopAnywhere.repeat(() -> {
            try (SharedFrame frame = SharedFrame.publish(SharedSegmentTest.uniqueName("stopped"),
                    SharedFrameTest.everyType(3))) {
                published.set(frame.path());
            }
        }, "dev.procbook.shm.SharedFrame.close", StopAnywhere.Where.BEFORE_FIRST_CALL, 3, 60,
                when -> assertFalse(published.get() != null && Files.exists(published.get()),
                        "the frame's file is left " + when + ": " + published.get()));
    }
}
