package dev.procbook.manager;

import dev.procbook.process.wire.Codec;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one proxy instance holds, typed or namespace: its link to the manager, the object's id, and its one
 * reference to the object, released once, by {@link #close()} or when the proxy is collected.
 */
final class ProxyState {

    final ServerLink link;
    final long objectId;
    /** The binary name of a typed proxy's type; null for a namespace proxy. */
    final String typeName;
    private final Release release;
    private Cleaner.Cleanable cleanable;
    /** Holds the manager this process started, if it did: a manager is stopped once it and its proxies are gone. */
    @SuppressWarnings("unused")
    private final Object managerLife;

    /** The action the cleaner runs: holds no reference to the proxy, which it outlives. */
    private static final class Release implements Runnable {
        private final ServerLink link;
        private final long objectId;
        private final AtomicBoolean done = new AtomicBoolean();

        Release(ServerLink link, long objectId) {
            this.link = link;
            this.objectId = objectId;
        }

        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                link.decref(objectId);
            }
        }
    }

    ProxyState(ServerLink link, long objectId, String typeName) {
        this.link = link;
        this.objectId = objectId;
        this.typeName = typeName;
        this.release = new Release(link, objectId);
        this.managerLife = link.life();
    }

    /** Releases the reference when {@code proxy} is collected; called once, when the proxy is made. */
    void track(Object proxy) {
        cleanable = ServerLink.CLEANER.register(proxy, release);
    }

    /** Whether this proxy's reference was released. */
    boolean isClosed() {
        return release.done.get();
    }

    /**
     * Throws if this proxy was closed.
     *
     * @throws ProxyClosedException if it was
     */
    void checkOpen(String call) {
        if (release.done.get()) {
            throw new ProxyClosedException(objectId, call);
        }
    }

    /** Releases this proxy's reference; idempotent. */
    void close() {
        if (cleanable != null) {
            cleanable.clean();
        } else {
            release.run();
        }
    }

    /**
     * What travels in place of the proxy: its manager, the object, and a reference taken for the copy, which the
     * receiving process takes over (none when the encoding only looks for cell code and is thrown away).
     *
     * @throws ProxyClosedException if this proxy was closed
     */
    ProxyForm form() {
        checkOpen("send to another process");
        long token = Codec.isWalkOnly() ? 0 : link.hold(objectId);
        return new ProxyForm(link.address.toString(), link.secret.toHex(), link.pid, objectId, typeName, token);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyState s && s.objectId == objectId && s.link.address.equals(link.address);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(objectId) * 31 + link.address.hashCode();
    }
}
