package dev.procbook.process;

import java.io.Serializable;

/** A two-argument function that can be sent to a worker, as used by {@code Pool.starmap}. */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends Serializable {

    /** Runs in the worker; whatever it throws is returned to the parent as the cause of a {@link TaskFailedException}. */
    R apply(A first, B second) throws Exception;
}
