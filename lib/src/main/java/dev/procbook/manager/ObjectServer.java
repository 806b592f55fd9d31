package dev.procbook.manager;

import dev.procbook.process.SerializableCallable;
import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.ProtocolViolationException;
import dev.procbook.process.wire.Secret;

/**
 * The manager's side: runs in the manager's JVM (a worker started for it), owns the objects in an
 * {@link ObjectRegistry} and serves the connections of their proxies: a {@link CallServer} for each calls
 * connection, and the reference counts of each session connection, whose end releases the session's references.
 *
 * <p>Started by the task {@link Start}, sent to the worker by {@link Manager}; one per JVM, alive until the JVM exits.
 */
final class ObjectServer {

    private static ObjectServer running;

    private final ObjectRegistry registry = new ObjectRegistry();
    private final long pid = ProcessHandle.current().pid();
    private final AuthenticatedListener listener;
    private final CallWatchdog watchdog = new CallWatchdog();

    private ObjectServer(ManagerAddress requested, Secret secret, ClassLoader context) {
        listener = new AuthenticatedListener(requested, secret, this::serve, context);
        Runtime.getRuntime().addShutdownHook(new Thread(listener::close, "procbook-manager-cleanup"));
    }

    /**
     * The task that starts the server in a worker and answers the address it listens on.
     *
     * <p>A plain class, not a lambda: it is the first thing a fresh worker decodes, and its class travels by name.
     */
    static final class Start implements SerializableCallable<String> {
        private static final long serialVersionUID = 1L;
        private final String address;
        private final String secretHex;

        /** Starts a server on {@code address} (null: a private Unix socket) proving {@code secret}. */
        Start(ManagerAddress address, Secret secret) {
            this.address = address == null ? null : address.toString();
            this.secretHex = secret.toHex();
        }

        @Override
        public String call() {
            synchronized (ObjectServer.class) {
                if (running != null) {
                    throw new IllegalStateException("manager already running in this process: pid="
                            + running.pid + ", address=" + running.listener.address());
                }
                running = new ObjectServer(address == null ? null : ManagerAddress.parse(address),
                        Secret.fromHex(secretHex), Thread.currentThread().getContextClassLoader());
                return running.listener.address().toString();
            }
        }
    }

    private void serve(String purpose, FramedChannel ch) {
        int colon = purpose.indexOf(':');
        String kind = colon < 0 ? purpose : purpose.substring(0, colon);
        String session = colon < 0 ? "" : purpose.substring(colon + 1);
        if (kind.equals(ManagerProtocol.CALLS)) {
            Frame first = ch.read();
            CallWatchdog.Watched watched = watchdog.watch(ch);
            try {
                if (first.type() == SharedMemoryCallTransport.OFFER) {
                    new CallServer(registry, this::stop, pid, session, SharedMemoryCallTransport.accept(ch, first),
                            watched).run(null);
                } else {
                    new CallServer(registry, this::stop, pid, session, new SocketCallTransport(ch), watched).run(first);
                }
            } finally {
                watchdog.forget(watched);
            }
        } else if (kind.equals(ManagerProtocol.SESSION)) {
            countReferences(session, ch);
        }
    }

    /**
     * Stops listening and drops every object, before the JVM exits: a thread blocked in {@code accept} would hold
     * the JVM's exit back some 300 ms, waiting for threads in native code.
     */
    private void stop() {
        registry.clear();
        watchdog.close();
        listener.close();
    }

    /** Applies a session's reference counts until its connection closes, then releases what it still holds. */
    private void countReferences(String session, FramedChannel ch) {
        try {
            while (true) {
                Frame f = ch.read();
                Payload.Reader in = new Payload.Reader(f.payload());
                switch (f.type()) {
                    case ManagerProtocol.INCREF -> registry.incref(session, in.i64());
                    case ManagerProtocol.DECREF -> registry.decref(session, in.i64());
                    case ManagerProtocol.HOLD -> registry.hold(in.i64(), in.i64());
                    case ManagerProtocol.ADOPT -> registry.adopt(session, in.i64(), in.i64());
                    default -> throw new ProtocolViolationException(ch.name(),
                            "unknown session frame: type=" + f.type());
                }
            }
        } catch (ChannelClosedException e) {
            // the client process closed its session or died
        } finally {
            registry.endSession(session);
        }
    }
}
