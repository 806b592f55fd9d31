package dev.procbook.kernel.protocol;

import java.util.function.BooleanSupplier;

/**
 * Runs the kernel's loops so that they outlive a full heap, and ends the kernel if one dies all the same.
 *
 * <p>A loop that catches an {@link OutOfMemoryError} tells the {@link OutOfMemoryHandler}, which frees memory for
 * the kernel, waits {@value #PAUSE_MILLIS} ms and goes round again. Anything else a loop throws while it should
 * still run ends its thread, and the thread's handler, the kernel's fatal one, ends the kernel with a message: a
 * kernel without its shell or heartbeat would otherwise look alive and never answer.
 */
public final class LoopGuard {

    private static final long PAUSE_MILLIS = 20;

    private final OutOfMemoryHandler memory;
    private final KernelFailure fatal;
    /** The thread group of the kernel's start, where every thread of the kernel's own is made. */
    private final ThreadGroup kernelThreads = Thread.currentThread().getThreadGroup();

    public LoopGuard(OutOfMemoryHandler memory, KernelFailure fatal) {
        this.memory = memory;
        this.fatal = fatal;
    }

    /**
     * A thread for a loop the kernel cannot work without: if it dies, the kernel ends. It is in the group of the
     * kernel's start whichever thread makes it: a thread made by a cell (the one asking for input, made when a cell
     * first asks) would be in that cell's group, and from JDK 20 JShell interrupts every thread of a cell's group.
     */
    public Thread thread(Runnable body, String name) {
        Thread t = new Thread(kernelThreads, body, name);
        t.setUncaughtExceptionHandler(fatal);
        return t;
    }

    /**
     * A thread for one of JeroMQ's I/O loops (its poller or reaper), which it makes itself. If it runs out of memory
     * it is not run again: a message it was reading would be lost, and a front end would wait for its answer for
     * ever. It dies, and the kernel with it, saying why.
     */
    public Thread ioThread(Runnable ioLoop, String name) {
        Thread t = thread(ioLoop, name);
        t.setDaemon(true);
        return t;
    }

    /** The handler that ends the kernel when a thread it needs dies. */
    public Thread.UncaughtExceptionHandler fatal() {
        return fatal;
    }

    /**
     * Ends the kernel because a request could not be answered for want of memory: the front end would wait for
     * its answer for ever. The memory held back was let go at the first error, so the heap stays full.
     */
    void requestLost(String channel, OutOfMemoryError error) {
        memory.outOfMemory(channel);
        String reason = null;
        try {
            reason = "the kernel cannot go on: a request could not be answered: channel=" + channel + ", error="
                    + error;
        } catch (OutOfMemoryError e) {
            // no memory to say more: halt(null) says it was memory
        }
        fatal.halt(reason);
    }

    /** Runs {@code round} while {@code running}, surviving {@link OutOfMemoryError}s; returns when interrupted. */
    public void loop(BooleanSupplier running, Runnable round) {
        while (running.getAsBoolean()) {
            try {
                round.run();
            } catch (OutOfMemoryError e) {
                tell();
                if (!pause()) {
                    return;
                }
            } catch (RuntimeException e) {
                if (running.getAsBoolean()) {
                    throw e;
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Waits a moment for memory to come back; false when interrupted (the interrupt is kept). */
    private static boolean pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void tell() {
        try {
            memory.outOfMemory(Thread.currentThread().getName());
        } catch (OutOfMemoryError e) {
            // the handler itself could not allocate: the next round tells it again
        }
    }

    /** Waits until {@code thread}, if any, has ended; an interrupt ends the wait and is kept. */
    static void join(Thread thread) {
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
