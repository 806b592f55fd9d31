package dev.procbook.kernel;

import dev.procbook.kernel.protocol.OutOfMemoryHandler;

/**
 * What the kernel does when the heap runs out, so that a cell that fills it fails with {@link OutOfMemoryError}
 * and the kernel lives on with its variables.
 *
 * <p>Whoever sees the heap run out first lets the {@link HeapReserve} go at once, so that the kernel's threads,
 * JeroMQ's I/O thread among them, find memory again before one of them dies of it: a full collection that leaves
 * the heap nearly full ({@link FullCollectionWatch}), the cell's code, JShell's work for it, or a loop of the
 * kernel (a channel, the output flusher). The watch and the loops also stop the cell whose code runs, which most
 * likely filled the heap, before it can eat the reserve too. The request then reports the error, and the reserve
 * is taken again before a later cell once the heap has room. If the loops keep running out, with never
 * {@value #CALM_SECONDS} s between two of their errors, for {@value #GIVE_UP_SECONDS} s (a thread of the user's keeps
 * the heap full), the kernel cannot go on: a request it reads now is lost, so it ends through {@link KernelExit}
 * rather than stay up without answering.
 */
final class HeapExhaustion implements OutOfMemoryHandler, AutoCloseable {

    static final long GIVE_UP_SECONDS = 10;
    static final long CALM_SECONDS = 2;
    private static final long GIVE_UP_NANOS = GIVE_UP_SECONDS * 1_000_000_000L;
    private static final long CALM_NANOS = CALM_SECONDS * 1_000_000_000L;

    private final HeapReserve reserve;
    private final KernelExit exit;
    private final Runnable stopCell;
    private final FullCollectionWatch watch;
    private long lastError;
    private long runningOutSince;

    /** @param stopCell stops the cell whose code runs, if any, so that it fails with {@link OutOfMemoryError} */
    HeapExhaustion(HeapReserve reserve, KernelExit exit, Runnable stopCell) {
        this.reserve = reserve;
        this.exit = exit;
        this.stopCell = stopCell;
        this.watch = new FullCollectionWatch(2 * reserve.bytes(), this::ranOut);
    }

    /** Starts watching full collections. */
    void start() {
        watch.start();
    }

    @Override
    public void outOfMemory(String loop) {
        if (runningOutFor() > GIVE_UP_NANOS) {
            reserve.release();
            exit.halt("the kernel cannot go on: java.lang.OutOfMemoryError, its threads kept running out of memory "
                    + "for " + GIVE_UP_SECONDS + " s: loop=" + loop + ", max="
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB (PROCBOOK_HEAP)");
        }
        ranOut();
    }

    private void ranOut() {
        stopCell.run();
        reserve.release();
    }

    /** Counts one more error of a loop; returns for how long they have come with no calm between them. */
    private synchronized long runningOutFor() {
        long now = System.nanoTime();
        if (runningOutSince == 0 || now - lastError > CALM_NANOS) {
            runningOutSince = now;
        }
        lastError = now;
        return now - runningOutSince;
    }

    /** A cell ran out of memory, in its code or the kernel's work for it: the reserve makes room to go on. */
    void cellRanOut() {
        reserve.release();
    }

    /** Before a cell: takes the reserve again if it was let go and the heap has room. */
    void beforeCell() {
        reserve.restore();
    }

    @Override
    public void close() {
        watch.close();
    }
}
