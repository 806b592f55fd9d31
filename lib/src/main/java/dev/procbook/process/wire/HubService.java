package dev.procbook.process.wire;

/**
 * A part of a process's wiring that serves hub connections of some kinds, found with {@link java.util.ServiceLoader}
 * when the process's {@link Wiring} is made, so that every kind is served from the start, whichever classes have
 * been loaded. Listed in {@code META-INF/services/dev.procbook.process.wire.HubService}.
 */
public interface HubService extends AutoCloseable {

    /** Registers this service's handlers with {@code wiring}: {@code wiring.handle("queue", queues::serve)}. */
    void register(Wiring wiring);

    /** Releases what the service holds (waiting workers, hosted items); called once, when the wiring closes. */
    @Override
    void close();
}
