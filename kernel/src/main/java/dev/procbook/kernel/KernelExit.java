package dev.procbook.kernel;

import dev.procbook.kernel.protocol.KernelFailure;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Ends the kernel when it cannot go on, with one line on the process's stderr (the Jupyter server's log) and the
 * status {@value #KERNEL_FAILED}, so that the front end shows the kernel died and the log says why, instead of a
 * kernel that vanishes with status 0 or stays up without answering.
 *
 * <p>As the handler of the threads the kernel cannot work without, it ends the kernel when one of them dies. It
 * halts rather than exits: shutdown hooks may need memory that is not there, or locks a dying thread holds.
 */
final class KernelExit implements KernelFailure {

    static final int KERNEL_FAILED = 4;
    private static final String PREFIX = "procbook-kernel: ";
    /** Written when even the message cannot be made: the heap is full and stays full. */
    private static final byte[] FALLBACK = (PREFIX + "the kernel cannot go on: java.lang.OutOfMemoryError, "
            + "the heap stayed full\n").getBytes(StandardCharsets.UTF_8);

    private final FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
    private final Runnable freeMemory;

    /** @param freeMemory lets go of memory held back for this moment, so that the message can be made */
    KernelExit(Runnable freeMemory) {
        this.freeMemory = freeMemory;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        // nothing may throw here: an error thrown by the handler would end only the thread, silently
        freeMemory.run();
        String reason = null;
        try {
            reason = "a thread the kernel needs died: thread=" + thread.getName() + ", error=" + error;
        } catch (Throwable e) {
            // no memory to say more: FALLBACK says it
        }
        halt(reason);
    }

    /** Writes {@code reason} as one line on stderr and halts; never returns. Others calling meanwhile wait. */
    @Override
    public synchronized void halt(String reason) {
        freeMemory.run();
        try {
            write(reason == null ? FALLBACK : (PREFIX + reason.replace('\n', ' ') + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (Throwable e) {
            write(FALLBACK);
        } finally {
            Runtime.getRuntime().halt(KERNEL_FAILED);
        }
    }

    private void write(byte[] line) {
        try {
            stderr.write(line);
        } catch (IOException e) {
            // stderr is gone too: the exit status alone tells
        }
    }
}
