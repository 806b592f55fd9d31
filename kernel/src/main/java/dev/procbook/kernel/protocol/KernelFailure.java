package dev.procbook.kernel.protocol;

/**
 * Ends the kernel when it cannot go on, saying why, rather than let it vanish silently or stay up without
 * answering. As a thread's handler, it ends the kernel when that thread dies.
 */
public interface KernelFailure extends Thread.UncaughtExceptionHandler {

    /**
     * Ends the kernel; never returns.
     *
     * @param reason what went wrong, or null when there is no memory left to say it
     */
    void halt(String reason);
}
