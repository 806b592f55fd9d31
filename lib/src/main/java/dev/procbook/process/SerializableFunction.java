package dev.procbook.process;

import java.io.Serializable;

/** A one-argument function that can be sent to a worker: {@code pool.map(x -> x * x, List.of(1, 2, 3))}. */
@FunctionalInterface
public interface SerializableFunction<A, R> extends Serializable {

    /** Runs in the worker; whatever it throws is returned to the parent as the cause of a {@link TaskFailedException}. */
    R apply(A argument) throws Exception;
}
