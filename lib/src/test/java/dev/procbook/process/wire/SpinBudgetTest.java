package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpinBudgetTest {

    @Test
    void aChannelsMissesHalveTheBudgetDownToNothing() {
        SpinBudget spin = new SpinBudget(SpinBudget.CHANNEL);
        assertEquals(SpinBudget.CHANNEL.maxNanos(), spin.budgetNanos());
        spin.missed();
        assertEquals(SpinBudget.CHANNEL.maxNanos() / 2, spin.budgetNanos());
        for (int i = 0; i < 10; i++) {
            spin.missed();
        }
        assertEquals(0, spin.budgetNanos(), "a machine with no idle core must stop spinning");
    }

    @Test
    void withoutBudgetEveryNthWaitProbesAndAnArrivalRestoresTheBudget() {
        SpinBudget spin = new SpinBudget(SpinBudget.CHANNEL);
        for (int i = 0; i < 10; i++) {
            spin.missed();
        }
        int probes = 0;
        for (int i = 0; i < 10 * SpinBudget.CHANNEL.probeEvery(); i++) {
            long b = spin.budgetNanos();
            if (b > 0) {
                assertEquals(SpinBudget.CHANNEL.probeNanos(), b);
                probes++;
            }
        }
        assertEquals(10, probes);
        spin.arrived();
        assertEquals(SpinBudget.CHANNEL.maxNanos(), spin.budgetNanos());
    }
}
