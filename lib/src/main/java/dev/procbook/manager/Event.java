package dev.procbook.manager;

import java.time.Duration;

/**
 * A flag that threads of any process wait for, like Python's {@code threading.Event} as a manager shares it:
 * {@link Manager#event()} makes one in the manager.
 * {@code Event ready = manager.event(); pool.submit(() -> { ready.await(); return work(); }); ready.set();}
 */
public interface Event {

    /** Sets the flag and wakes every waiting thread. */
    void set();

    /** Clears the flag. */
    void clear();

    /** Whether the flag is set. */
    boolean isSet();

    /**
     * Waits until the flag is set.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void await() throws InterruptedException;

    /**
     * Waits until the flag is set or {@code timeout} passes; returns whether it is set, as Python's
     * {@code wait(timeout)} does.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean await(Duration timeout) throws InterruptedException;
}
