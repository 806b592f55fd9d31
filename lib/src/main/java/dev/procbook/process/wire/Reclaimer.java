package dev.procbook.process.wire;

import java.lang.ref.Cleaner;

/**
 * Releases what a handle owned (its worker JVMs) once nobody holds the handle any more, as Python finalizes a
 * collected pool or manager. Each release runs on a thread of its own, since it may wait for a process to exit.
 */
public final class Reclaimer {

    private static final Cleaner CLEANER = Cleaner.create(DaemonThreads.factory("procbook-reclaimer"));

    private Reclaimer() {
    }

    /**
     * Runs {@code release} on a new thread named {@code name} once {@code handle} is collected. {@code release} must
     * not hold {@code handle} (a lambda that reads the handle's fields does), or it is never collected; after the
     * handle's own close, {@code release} must find nothing left to do.
     */
    public static void register(Object handle, String name, Runnable release) {
        CLEANER.register(handle, () -> DaemonThreads.newThread(release, name).start());
    }
}
