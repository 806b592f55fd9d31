package dev.procbook.kernel.protocol;

/**
 * What the kernel's loops (its channels, its output flusher) tell about the heap: a loop that cannot allocate
 * reports it, waits a moment and goes round again, instead of dying and taking the kernel's answers with it.
 */
public interface OutOfMemoryHandler {

    /** The loop named {@code loop} caught an {@link OutOfMemoryError}. */
    void outOfMemory(String loop);
}
