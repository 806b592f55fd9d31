package dev.procbook.manager;

import java.io.Serializable;

/**
 * A proxy of any object in a manager, reached by the names of its members, as Python's {@code NamespaceProxy} is:
 * {@link #call} runs a method, {@link #get} reads a field (or a getter), {@link #set} writes one. Each is one round
 * trip, and ships only the arguments and the result, never the object. Records, final classes and the manager's
 * {@link Manager#namespace() namespace} are reached this way.
 *
 * <pre>{@code
 * NamespaceProxy replica = manager.namespace(() -> new Replica(1.1));
 * replica.call("simulate", 3000);
 * double energy = replica.get("energy");
 * }</pre>
 *
 * <p>Serializable: a copy sent to another process (a task, a pipe, a queue, a top-level value) reaches the same
 * object. {@link #close()} releases this proxy's reference; the object is dropped when none is left.
 */
public final class NamespaceProxy implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;

    private final transient ProxyState state;

    NamespaceProxy(ProxyState state) {
        this.state = state;
        state.track(this);
    }

    /**
     * Calls the method {@code name} of the object with {@code args}, and returns its result; the method is found by
     * name among those that take these arguments.
     *
     * @throws MemberAccessException   if no method of that name takes them
     * @throws RemoteCallException     if the method threw a checked exception (unchecked ones are thrown as they are)
     * @throws ManagerDiedException    if the manager is gone
     * @throws ProxyClosedException    if this proxy was closed
     * @throws ObjectReleasedException if the object was released
     */
    @SuppressWarnings("unchecked")
    public <T> T call(String name, Object... args) {
        String call = "call " + name;
        state.checkOpen(call);
        return (T) result(state.link.request(call, c -> c.call(state.objectId, name, args)), call);
    }

    /**
     * The value of the object's field {@code name}, or of its method {@code name()}, {@code getName()} or
     * {@code isName()}; an attribute of a {@link Manager#namespace() namespace}.
     *
     * @throws MemberAccessException if there is no such member
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
        String call = "get " + name;
        state.checkOpen(call);
        return (T) result(state.link.request(call, c -> c.get(state.objectId, name)), call);
    }

    /**
     * Sets the object's field {@code name} to {@code value}, or calls {@code setName(value)}; sets an attribute of a
     * {@link Manager#namespace() namespace}.
     *
     * @throws MemberAccessException if there is no such member, or the field is final
     */
    public void set(String name, Object value) {
        String call = "set " + name;
        state.checkOpen(call);
        result(state.link.request(call, c -> c.set(state.objectId, name, value)), call);
    }

    private Object result(CallChannel.Reply reply, String call) {
        if (reply.ok()) {
            return reply.value();
        }
        Throwable t = ProxyInvocationHandler.failure(reply.value(), state.link.pid, call, new Class<?>[0]);
        if (t instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) t;
    }

    /** The object's id in its manager. */
    public long objectId() {
        return state.objectId;
    }

    ProxyState state() {
        return state;
    }

    /** Releases this proxy's reference to the object; later calls through it fail; idempotent. */
    @Override
    public void close() {
        state.close();
    }

    private Object writeReplace() {
        return state.form();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamespaceProxy p && p.state.equals(state);
    }

    @Override
    public int hashCode() {
        return state.hashCode();
    }

    @Override
    public String toString() {
        return "NamespaceProxy[id=" + state.objectId + ", manager=" + state.link.address + "]";
    }
}
