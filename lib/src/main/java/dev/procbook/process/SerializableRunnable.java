package dev.procbook.process;

import java.io.Serializable;

/** An action that can be sent to a worker, such as a pool's initializer. */
@FunctionalInterface
public interface SerializableRunnable extends Serializable {

    /** Runs in the worker; whatever it throws is returned to the parent as the cause of a {@link TaskFailedException}. */
    void run() throws Exception;
}
