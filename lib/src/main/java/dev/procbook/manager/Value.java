package dev.procbook.manager;

/**
 * A number shared by processes and changed atomically, Python's {@code Manager().Value} as a counter:
 * {@link Manager#value(long)} makes one in the manager. Each method is one round trip and atomic, so
 * {@code hits.incrementAndGet()} from any number of processes loses no increment.
 */
public interface Value {

    /** The current value. */
    long get();

    /** Sets the value. */
    void set(long value);

    /** Adds one and returns the new value. */
    long incrementAndGet();

    /** Adds {@code delta} and returns the new value. */
    long addAndGet(long delta);

    /** Adds {@code delta} and returns the value before. */
    long getAndAdd(long delta);

    /** Sets the value to {@code update} if it is {@code expected}; returns whether it did. */
    boolean compareAndSet(long expected, long update);
}
