package dev.procbook.process.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner of this process's wiring: the {@link Flusher} thread, the hub's listening socket and the handler of each
 * kind of hub connection, class serving, and the {@link HubService}s (pipes, queues, workers and their standby
 * ones). Made on first use, with the flusher alone: a worker that only connects to its parent needs no more, and
 * its start must not wait for more. The services are loaded, and every handler registered at once, when the hub is
 * first opened or a service is first asked for; a shutdown hook then closes them, as {@link #close()} does, after
 * which the next use makes a new wiring.
 * {@code Wiring.get().handle("echo", (arg, ch) -> ch.write((byte) 1, arg.getBytes()));}
 */
public final class Wiring implements AutoCloseable {

    private static Wiring current;

    private final Flusher flusher = new Flusher();
    private final Map<String, Hub.Handler> handlers = new ConcurrentHashMap<>();
    /** Loaded with the hub's first opening or the first request for one; null until then. */
    private List<HubService> services;
    private final Thread hook = new Thread(this::close, "procbook-wiring-close");
    private HubListener listener;
    private int holders;
    private boolean closed;

    private Wiring() {
    }

    /** This process's wiring, made and started on first use. */
    public static synchronized Wiring get() {
        if (current == null) {
            current = new Wiring(); // first, so that a service that uses the wiring as it registers finds this one
            current.start();
        }
        return current;
    }

    private void start() {
        flusher.start();
    }

    /** The services, loaded and their handlers registered on first use: the one place where kinds are registered. */
    private synchronized List<HubService> services() {
        if (closed) {
            throw new HandleClosedException("wiring of this process");
        }
        if (services == null) {
            // Kept only once all are loaded: a load ended half-way (a notebook's interrupt, on JDK 17 a ThreadDeath
            // that may land anywhere) is done again by the next use, rather than leaving services missing for good.
            List<HubService> loaded = new ArrayList<>();
            handle(ClassServer.KIND, ClassServer::serve);
            for (HubService s : ServiceLoader.load(HubService.class, Wiring.class.getClassLoader())) {
                s.register(this);
                loaded.add(s);
            }
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalArgumentException alreadyAdded) {
                // by a load that ended after adding it
            }
            services = loaded;
        }
        return services;
    }

    /** Registers {@code handler} for hub connections whose purpose names {@code kind}, replacing any earlier one. */
    public void handle(String kind, Hub.Handler handler) {
        handlers.put(kind, handler);
    }

    Hub.Handler handler(String kind) {
        return handlers.get(kind);
    }

    /**
     * The service of {@code type} that this wiring loaded.
     *
     * @throws IllegalArgumentException if none of that type is listed in {@code META-INF/services}
     */
    public <S extends HubService> S service(Class<S> type) {
        for (HubService s : services()) {
            if (type.isInstance(s)) {
                return type.cast(s);
            }
        }
        throw new IllegalArgumentException("no such hub service: type=" + type.getName());
    }

    Flusher flusher() {
        return flusher;
    }

    /** Opens the hub's socket if needed and counts one more holder. */
    synchronized HubListener holdListener() {
        services(); // every kind is registered before anyone can connect
        if (listener == null) {
            listener = new HubListener(this);
        }
        holders++;
        return listener;
    }

    /** Counts one holder less; the last closes the socket and removes its file. */
    synchronized void releaseListener() {
        if (--holders == 0 && listener != null) {
            listener.close();
            listener = null;
        }
    }

    /** Closes the services, the hub's socket and the flusher; idempotent. */
    @Override
    public void close() {
        synchronized (Wiring.class) {
            if (current == this) {
                current = null;
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<HubService> loaded;
        synchronized (this) {
            loaded = services == null ? List.of() : services;
        }
        for (int i = loaded.size() - 1; i >= 0; i--) {
            loaded.get(i).close();
        }
        synchronized (this) {
            if (listener != null) {
                listener.close();
                listener = null;
            }
        }
        flusher.close();
        if (services != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs and finds everything closed
            }
        }
    }
}
