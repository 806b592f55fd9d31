package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.junit.jupiter.api.Test;

class HeapTrimTest {

    private static volatile byte[] big;

    @Test
    void heapGrownForDataNoLongerHeldIsGivenBackAndTheRatiosArePutBack() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        big = new byte[256 << 20];
        big[big.length - 1] = 1;
        long grown = heap().getCommitted();
        big = null;
        System.gc(); // with the process's own ratios: how much a collection alone keeps
        long kept = heap().getCommitted();

        long released = HeapTrim.trim();

        MemoryUsage after = heap();
        assertTrue(released > 0 || kept <= heap().getInit(), "released=" + released + " of kept=" + kept
                + ", grown=" + grown);
        assertTrue(HeapTrim.trimmed(after), "after: " + after);
        assertEquals(min, vm.getVMOption("MinHeapFreeRatio").getValue());
        assertEquals(max, vm.getVMOption("MaxHeapFreeRatio").getValue());
    }

    private static MemoryUsage heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }
}
