package dev.procbook.process;

import java.io.Serializable;

/** A callable that can be sent to a worker: {@code Integer r = worker.call(() -> 6 * 7);}. */
@FunctionalInterface
public interface SerializableCallable<T> extends Serializable {

    /** Runs in the worker; whatever it throws is returned to the parent as the cause of a {@link TaskFailedException}. */
    T call() throws Exception;
}
