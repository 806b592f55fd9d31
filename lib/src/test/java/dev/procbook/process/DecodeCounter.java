package dev.procbook.process;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/** A value that counts, in each process, how often it was deserialized there: on the class path of every worker. */
public final class DecodeCounter implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Deserializations in this process so far. */
    public static final AtomicInteger DECODED = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        DECODED.incrementAndGet();
    }
}
