package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpinBudgetTest {

    @Test
    void missesHalveTheBudgetDownToNothing() {
        SpinBudget spin = new SpinBudget();
        assertEquals(SpinBudget.MAX_NANOS, spin.budgetNanos());
        spin.missed();
        assertEquals(SpinBudget.MAX_NANOS / 2, spin.budgetNanos());
        for (int i = 0; i < 10; i++) {
            spin.missed();
        }
        assertEquals(0, spin.budgetNanos(), "a machine with no idle core must stop spinning");
    }

    @Test
    void withoutBudgetEveryNthWaitProbesAndAnArrivalRestoresTheBudget() {
        SpinBudget spin = new SpinBudget();
        for (int i = 0; i < 10; i++) {
            spin.missed();
        }
        int probes = 0;
        for (int i = 0; i < 10 * SpinBudget.PROBE_EVERY; i++) {
            long b = spin.budgetNanos();
            if (b > 0) {
                assertEquals(SpinBudget.PROBE_NANOS, b);
                probes++;
            }
        }
        assertEquals(10, probes);
        spin.arrived();
        assertEquals(SpinBudget.MAX_NANOS, spin.budgetNanos());
    }
}
