package dev.procbook.kernel;

/**
 * Memory the kernel holds back for itself: let go when the heap runs out, so that the kernel can still report the
 * error and run the next cell, and taken again once the heap has room for it.
 *
 * <p>It is a sixteenth of the maximum heap, between {@value #MIN_MIB} and {@value #MAX_MIB} MiB: enough to publish
 * an error and compile a small cell (16 MiB carried a 256 MiB kernel through every heap-filling test). Not more: it
 * is resident from the start and weighs in every chart of the kernel's memory. It is held in chunks small enough to be ordinary objects for G1 at any heap
 * size, so what is let go serves small allocations as well as large ones.
 */
final class HeapReserve {

    static final long MIN_MIB = 8;
    static final long MAX_MIB = 16;
    private static final int CHUNK_BYTES = 256 * 1024;
    private static final long MIB = 1024 * 1024;

    private final long bytes;
    private volatile byte[][] chunks;

    private HeapReserve(long bytes) {
        this.bytes = bytes;
    }

    /** A reserve sized for a heap of {@code maxHeapBytes}, not yet taken. */
    static HeapReserve forHeap(long maxHeapBytes) {
        long size = Math.max(MIN_MIB * MIB, Math.min(MAX_MIB * MIB, maxHeapBytes / 16));
        return new HeapReserve(size);
    }

    /** A reserve of exactly {@code bytes}, not yet taken. */
    static HeapReserve ofBytes(long bytes) {
        return new HeapReserve(bytes);
    }

    long bytes() {
        return bytes;
    }

    boolean held() {
        return chunks != null;
    }

    /** Lets the reserve go; the next collection makes it free memory. Allocates nothing; idempotent. */
    void release() {
        chunks = null;
    }

    /**
     * Takes the reserve if it is not held and the heap has room for it twice over, collecting garbage first when
     * it looks too full; returns whether it is held. Never throws {@link OutOfMemoryError}.
     */
    synchronized boolean restore() {
        if (chunks != null) {
            return true;
        }
        if (headroom() < 2 * bytes) {
            // garbage counts as used until it is collected: the reserve is missing only after the heap ran out
            System.gc();
            if (headroom() < 2 * bytes) {
                return false;
            }
        }
        try {
            byte[][] taken = new byte[(int) ((bytes + CHUNK_BYTES - 1) / CHUNK_BYTES)][];
            for (int i = 0; i < taken.length; i++) {
                taken[i] = new byte[CHUNK_BYTES];
            }
            chunks = taken;
            return true;
        } catch (OutOfMemoryError e) {
            return false;
        }
    }

    private static long headroom() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }
}
