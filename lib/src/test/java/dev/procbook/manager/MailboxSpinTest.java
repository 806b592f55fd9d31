package dev.procbook.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.procbook.process.wire.SpinBudget;
import org.junit.jupiter.api.Test;

class MailboxSpinTest {

    private static final SpinBudget.Policy PATIENT = SharedMemoryCallTransport.SPIN;

    @Test
    void oneSlowReplyDoesNotEndAPatientSpinButFourInARowHalveTheBudget() {
        SpinBudget spin = new SpinBudget(PATIENT);
        for (int i = 0; i < PATIENT.missesToHalve() - 1; i++) {
            spin.missed();
        }
        assertEquals(PATIENT.maxNanos(), spin.budgetNanos());
        spin.missed();
        assertEquals(PATIENT.maxNanos() / 2, spin.budgetNanos());
    }

    @Test
    void aPatientBudgetSpentInVainFallsToNothingAndThenProbesInFull() {
        SpinBudget spin = new SpinBudget(PATIENT);
        for (int i = 0; i < 100; i++) {
            spin.missed();
        }
        int probes = 0;
        for (int i = 0; i < 4 * PATIENT.probeEvery(); i++) {
            long budget = spin.budgetNanos();
            if (budget > 0) {
                assertEquals(PATIENT.probeNanos(), budget);
                probes++;
            }
        }
        assertEquals(4, probes);
        spin.arrived();
        assertEquals(PATIENT.maxNanos(), spin.budgetNanos());
    }
}
