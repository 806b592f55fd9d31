package dev.procbook.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Collects garbage and gives the freed heap back to the system, so that what a process's RSS and PSS show is what it
 * holds, not what it once needed: Python frees an object's memory when its last reference goes, a JVM keeps the
 * heap it has grown committed after collecting, up to {@code MaxHeapFreeRatio} of it free (70 % by default, 30 % in
 * the kernel). For these collections only the ratios are lowered to keep at most {@value #MAX_FREE_PERCENT} % free,
 * then put back (both are manageable flags), so the process's own heap policy, and its speed, are untouched.
 *
 * <p>The serial collector, a worker's, shrinks the heap in steps, a larger share at each full collection; so up to
 * {@value #MAX_COLLECTIONS} are run, until the free part is within the bound.
 * {@code long released = HeapTrim.trim();}
 */
public final class HeapTrim {

    static final int MAX_FREE_PERCENT = 10;
    private static final int MAX_COLLECTIONS = 4;
    /** Some free heap a collection cannot give back: the young generation's survivor space, region rounding. */
    private static final long SLACK = 8L << 20;

    private HeapTrim() {
    }

    /**
     * Collects garbage and shrinks the heap to at most {@value #MAX_FREE_PERCENT} % free; returns the bytes of
     * committed heap given back.
     */
    public static long trim() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        long before = heap().getCommitted();
        // the JVM requires min <= max at every step: lower min first, and raise max first when putting them back
        vm.setVMOption("MinHeapFreeRatio", "0");
        vm.setVMOption("MaxHeapFreeRatio", String.valueOf(MAX_FREE_PERCENT));
        try {
            for (int i = 0; i < MAX_COLLECTIONS; i++) {
                System.gc();
                if (trimmed(heap())) {
                    break;
                }
            }
        } finally {
            vm.setVMOption("MaxHeapFreeRatio", max);
            vm.setVMOption("MinHeapFreeRatio", min);
        }
        return before - heap().getCommitted();
    }

    /**
     * Whether at most {@value #MAX_FREE_PERCENT} % of the heap is free, or the heap is no larger than it started: no
     * collector shrinks it below that (the serial one keeps its initial young and old sizes).
     */
    static boolean trimmed(MemoryUsage h) {
        long free = h.getCommitted() - h.getUsed();
        return free <= h.getCommitted() * MAX_FREE_PERCENT / 100 + SLACK || h.getCommitted() <= h.getInit() + SLACK;
    }

    private static MemoryUsage heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }
}
