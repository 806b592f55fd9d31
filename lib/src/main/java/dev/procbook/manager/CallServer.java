package dev.procbook.manager;

import dev.procbook.process.RemoteThrowable;
import dev.procbook.process.SerializableCallable;
import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.ProtocolViolationException;
import dev.procbook.process.wire.UserClassLoaders;
import dev.procbook.process.wire.WaitInterruptedException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * Serves one <em>calls</em> connection in the manager, in the thread the connection got: reads a request, runs it on
 * the object it names, and writes the result or the exception (see {@link ManagerProtocol}). Calls on a serial
 * object hold its entry's monitor while they run; calls on a concurrent one (a lock, a barrier) do not, so a call
 * that waits there lets others in.
 */
final class CallServer {

    private final ObjectRegistry registry;
    private final Runnable shutdown;
    private final long pid;
    private final String session;
    private final CallTransport transport;
    private final CallWatchdog.Watched watched;
    private final CallValues values = new CallValues();
    private final Payload.Writer out = new Payload.Writer();
    private Method[] methods = new Method[16];
    /** A reply of null, as {@link CallValues} writes it. */
    private static final byte[] NULL_REPLY = {0};

    CallServer(ObjectRegistry registry, Runnable shutdown, long pid, String session, CallTransport transport,
               CallWatchdog.Watched watched) {
        this.registry = registry;
        this.shutdown = shutdown;
        this.pid = pid;
        this.session = session;
        this.transport = transport;
        this.watched = watched;
    }

    /** Serves requests until the client closes the connection, starting with {@code first} if not null. */
    void run(Frame first) {
        try {
            for (Frame f = first != null ? first : transport.receive(); ; f = transport.receive()) {
                if (f.type() == ManagerProtocol.DEFINE) {
                    define(new Payload.Reader(f.payload()));
                    transport.send(ManagerProtocol.OK, NULL_REPLY, NULL_REPLY.length);
                } else if (f.type() == ManagerProtocol.SHUTDOWN) {
                    answer(f);
                    shutdown.run();
                    return;
                } else {
                    answer(f);
                }
            }
        } catch (ChannelClosedException | WaitInterruptedException e) {
            // the client thread is done, or its process is gone (the watchdog may have said so meanwhile)
        } finally {
            transport.abort();
            registry.releaseLocksOfThisThread(); // a killed client's locks do not stay taken
        }
    }

    private void define(Payload.Reader in) {
        int id = in.i32();
        String owner = in.str();
        String name = in.str();
        String descriptor = in.str();
        if (id >= methods.length) {
            methods = Arrays.copyOf(methods, Math.max(id + 1, methods.length * 2));
        }
        try {
            methods[id] = Members.typed(owner, name, descriptor);
        } catch (MemberAccessException e) {
            methods[id] = null; // the INVOKE that uses it reports it
        }
    }

    private void answer(Frame f) {
        Object result;
        byte type = ManagerProtocol.OK;
        watched.begin();
        try {
            result = dispatch(f.type(), new Payload.Reader(f.payload()));
        } catch (InvocationTargetException e) {
            result = e.getCause();
            type = ManagerProtocol.FAIL;
        } catch (Throwable t) {
            result = t;
            type = ManagerProtocol.FAIL;
        } finally {
            watched.end();
        }
        try {
            values.write(out.reset(), result);
        } catch (RuntimeException e) {
            // the result, or the exception, cannot be serialized: what it was travels as text and stack trace
            Throwable reason = type == ManagerProtocol.FAIL ? (Throwable) result : e;
            type = ManagerProtocol.FAIL;
            values.write(out.reset(), RemoteThrowable.of(reason));
        }
        transport.send(type, out.array(), out.size());
    }

    private Object dispatch(byte type, Payload.Reader in) throws Exception {
        switch (type) {
            case ManagerProtocol.INVOKE: {
                long id = in.i64();
                int methodId = in.i32();
                Object[] args = values.readAll(in);
                Method m = methodId < methods.length ? methods[methodId] : null;
                if (m == null) {
                    throw new MemberAccessException("object " + id, "method #" + methodId, "not defined here");
                }
                return invoke(registry.get(id, m.getName()), m, args);
            }
            case ManagerProtocol.CALL: {
                long id = in.i64();
                String name = in.str();
                Object[] args = values.readAll(in);
                ObjectRegistry.Entry e = registry.get(id, name);
                return invoke(e, Members.forArguments(e.target.getClass(), name, args), args);
            }
            case ManagerProtocol.GET:
                return get(in.i64(), in.str());
            case ManagerProtocol.SET:
                set(in.i64(), in.str(), in);
                return null;
            case ManagerProtocol.CREATE:
                return create(in.str(), in.u8(), values.read(in));
            case ManagerProtocol.CONDITION: {
                long lockId = in.i64();
                Lock lock = (Lock) registry.get(lockId, "newCondition").target;
                return registry.add(lock.newCondition(), "Condition", false, session);
            }
            case ManagerProtocol.OBJECTS:
                return new ArrayList<>(registry.infos());
            case ManagerProtocol.BIND:
                registry.bind(in.str(), in.i64());
                return null;
            case ManagerProtocol.UNBIND:
                registry.unbind(in.str());
                return null;
            case ManagerProtocol.LOOKUP: {
                ObjectRegistry.Entry e = registry.lookup(in.str(), session);
                return List.of(e.id, e.type);
            }
            case ManagerProtocol.INFO:
                return pid;
            case ManagerProtocol.SHUTDOWN:
                return null;
            default:
                throw new ProtocolViolationException("manager calls: pid=" + pid, "unknown request: type=" + type);
        }
    }

    private static Object invoke(ObjectRegistry.Entry e, Method m, Object[] args) throws Exception {
        if (e.serial) {
            synchronized (e) {
                return m.invoke(e.target, args);
            }
        }
        return m.invoke(e.target, args);
    }

    private Object get(long id, String name) throws ReflectiveOperationException {
        ObjectRegistry.Entry e = registry.get(id, "get " + name);
        if (e.target instanceof Family.Namespace ns) {
            return ns.get(name);
        }
        synchronized (e) {
            return Members.get(e.target, name);
        }
    }

    private void set(long id, String name, Payload.Reader in) throws ReflectiveOperationException {
        ObjectRegistry.Entry e = registry.get(id, "set " + name);
        Object value = values.read(in);
        if (e.target instanceof Family.Namespace ns) {
            ns.set(name, value);
            return;
        }
        synchronized (e) {
            Members.set(e.target, name, value);
        }
    }

    private long create(String typeName, int mode, Object factory) throws Exception {
        Object made = ((SerializableCallable<?>) factory).call();
        Class<?> type = UserClassLoaders.resolve(typeName);
        if (!type.isInstance(made)) {
            throw new ClassCastException("factory made no " + Members.userName(type) + ": class="
                    + (made == null ? "null" : made.getClass().getName()));
        }
        return registry.add(made, Members.userName(type), mode == ManagerProtocol.SERIAL, session);
    }
}
