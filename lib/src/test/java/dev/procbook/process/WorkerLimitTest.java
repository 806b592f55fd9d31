package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkerLimitTest {

    @Test
    void unknownFiguresBoundNothing() {
        assertDoesNotThrow(() -> WorkerLimit.check(64, -1, -1, 2));
    }

    @Test
    void memoryBoundNamesMemAvailableAndHowToAllowMore() {
        TooManyWorkersException e = assertThrows(TooManyWorkersException.class,
                () -> WorkerLimit.check(20, 1L << 30, -1, 64));
        assertEquals("memory", e.bound());
        assertEquals(16, e.limit());
        assertTrue(e.getMessage().startsWith("too many workers: requested=20, limit=16, bound=memory"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dprocbook.maxWorkers"), e.getMessage());
    }

    @Test
    void processBoundNamesUlimit() {
        TooManyWorkersException e = assertThrows(TooManyWorkersException.class,
                () -> WorkerLimit.check(300, 64L << 30, 4096, 64));
        assertEquals("processes", e.bound());
        assertEquals(4096 / WorkerLimit.THREADS_PER_WORKER, e.limit());
        assertTrue(e.getMessage().contains("ulimit -u 4096"), e.getMessage());
    }

    @Test
    void coreBoundAllowsThirtyTwoWorkersACore() {
        assertDoesNotThrow(() -> WorkerLimit.check(64, 64L << 30, -1, 2));
        TooManyWorkersException e = assertThrows(TooManyWorkersException.class,
                () -> WorkerLimit.check(65, 64L << 30, -1, 2));
        assertEquals("cores", e.bound());
        assertEquals(64, e.limit());
    }
}
