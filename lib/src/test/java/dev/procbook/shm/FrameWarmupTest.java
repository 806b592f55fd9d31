package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.procbook.process.NoLeftovers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Standby workers skip a warm-up that fails, silently: this is where a broken one shows. */
@ExtendWith(NoLeftovers.class)
class FrameWarmupTest {

    @Test
    void warmUpPublishesAttachesAndSumsItsFrameWithoutFailing() {
        assertDoesNotThrow(() -> new FrameWarmup().warm());
    }
}
