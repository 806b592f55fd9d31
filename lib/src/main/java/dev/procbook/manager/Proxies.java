package dev.procbook.manager;

/**
 * What can be done with any proxy, typed or namespace, without clashing with the proxied type's own methods:
 * close it, ask what it stands for, or take another kind of proxy of the same object.
 * {@code Proxies.close(counter);}
 */
public final class Proxies {

    private Proxies() {
    }

    /** Whether {@code o} is a proxy of an object in a manager. */
    public static boolean isProxy(Object o) {
        return o instanceof NamespaceProxy || o instanceof ManagedProxy p && p.procbook$handler() != null;
    }

    /**
     * Releases {@code proxy}'s reference to its object, which the manager drops when no reference is left; later
     * calls through this proxy fail with a {@link ProxyClosedException}; idempotent.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy
     */
    public static void close(Object proxy) {
        state(proxy).close();
    }

    /**
     * The id of the object {@code proxy} stands for, as {@link Manager#objects()} lists it.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy
     */
    public static long objectId(Object proxy) {
        return state(proxy).objectId;
    }

    /**
     * A namespace proxy of the object that {@code proxy} stands for, holding a reference of its own: to read the
     * fields of an object reached through a typed proxy.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy
     * @throws ProxyClosedException     if it was closed
     */
    public static NamespaceProxy namespace(Object proxy) {
        ProxyState s = state(proxy);
        s.checkOpen("namespace");
        s.link.incref(s.objectId);
        return new NamespaceProxy(new ProxyState(s.link, s.objectId, null));
    }

    /**
     * A typed proxy of the object that {@code proxy} stands for, holding a reference of its own.
     *
     * @throws IllegalArgumentException if {@code proxy} is not a proxy
     * @throws NotProxyableException    if {@code type} cannot be proxied
     * @throws ProxyClosedException     if it was closed
     */
    public static <T> T typed(Object proxy, Class<T> type) {
        ProxyState s = state(proxy);
        s.checkOpen("typed " + type.getSimpleName());
        ProxyClasses.check(type);
        s.link.incref(s.objectId);
        return ProxyClasses.newProxy(type, new ProxyState(s.link, s.objectId, type.getName()));
    }

    static ProxyState state(Object proxy) {
        if (proxy instanceof NamespaceProxy n) {
            return n.state();
        }
        if (proxy instanceof ManagedProxy p && p.procbook$handler() instanceof ProxyInvocationHandler h) {
            return h.state;
        }
        throw new IllegalArgumentException("not a proxy: class=" + (proxy == null ? "null" : proxy.getClass().getName()));
    }
}
