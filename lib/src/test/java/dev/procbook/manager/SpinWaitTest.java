package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpinWaitTest {

    @Test
    void oneSlowReplyDoesNotEndSpinningButFourInARowHalveTheBudget() {
        SpinWait spin = new SpinWait();
        for (int i = 0; i < SpinWait.MISSES - 1; i++) {
            spin.missed();
        }
        assertEquals(SpinWait.MAX_NANOS, spin.budgetNanos());
        spin.missed();
        assertEquals(SpinWait.MAX_NANOS / 2, spin.budgetNanos());
    }

    @Test
    void aBudgetSpentInVainFallsToNothingAndThenProbesInFullEverySixteenthWait() {
        SpinWait spin = new SpinWait();
        for (int i = 0; i < 100; i++) {
            spin.missed();
        }
        int probes = 0;
        for (int i = 0; i < 4 * SpinWait.PROBE_EVERY; i++) {
            long budget = spin.budgetNanos();
            if (budget > 0) {
                assertEquals(SpinWait.PROBE_NANOS, budget);
                probes++;
            }
        }
        assertEquals(4, probes);
    }

    @Test
    void aMessageThatArrivesWhileSpinningRestoresTheFullBudget() {
        SpinWait spin = new SpinWait();
        for (int i = 0; i < 100; i++) {
            spin.missed();
        }
        spin.arrived();
        assertEquals(SpinWait.MAX_NANOS, spin.budgetNanos());
    }
}
