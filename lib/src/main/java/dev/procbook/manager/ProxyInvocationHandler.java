package dev.procbook.manager;

import dev.procbook.process.RemoteThrowable;
import dev.procbook.process.wire.ProtocolViolationException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;

/**
 * Forwards the calls of one typed proxy to its object in the manager, one round trip each, and gives back the
 * result, or throws what the method threw there with the manager's stack trace before the caller's.
 *
 * <p>A few calls run here instead: {@code equals} and {@code hashCode} compare which object proxies stand for; the
 * iterators, streams and {@code forEach} of a collection or map walk a copy fetched in one call (a view cannot follow
 * its collection to another process, as Python's proxies return lists); a blocking queue's {@code drainTo} fills the
 * caller's collection with what the manager removed; a lock's {@code newCondition} makes a condition in the manager.
 */
final class ProxyInvocationHandler implements InvocationHandler {

    private static final Map<Method, String> CALLS = new ConcurrentHashMap<>();
    private static final Method TO_ARRAY = method(Collection.class, "toArray");
    private static final Method ENTRY_SET = method(Map.class, "entrySet");
    private static final Set<String> COPY_WALKS = Set.of("iterator", "spliterator", "stream", "parallelStream",
            "forEach", "listIterator");

    final ProxyState state;

    ProxyInvocationHandler(ProxyState state) {
        this.state = state;
    }

    private static Method method(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        String name = m.getName();
        if (m.getDeclaringClass() == ManagedProxy.class) {
            return state.form(); // writeReplace: the handler accessors are not routed here
        }
        if (m.getDeclaringClass() == Object.class && !name.equals("toString")) {
            return name.equals("hashCode") ? (Object) state.hashCode()
                    : (Object) (args[0] instanceof ManagedProxy p && p.procbook$handler() instanceof ProxyInvocationHandler h
                    && h.state.equals(state));
        }
        if (proxy instanceof Collection && COPY_WALKS.contains(name)) {
            return onCopy(m, Arrays.asList((Object[]) remote(TO_ARRAY, null)), args);
        }
        if (proxy instanceof Map && name.equals("forEach")) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Object e : (Set<?>) remote(ENTRY_SET, null)) {
                copy.put(((Map.Entry<?, ?>) e).getKey(), ((Map.Entry<?, ?>) e).getValue());
            }
            return onCopy(m, copy, args);
        }
        if (proxy instanceof BlockingQueue && name.equals("drainTo")) {
            return drainTo(args);
        }
        if (proxy instanceof Lock && name.equals("newCondition")) {
            return newCondition();
        }
        return remote(m, args);
    }

    private static Object onCopy(Method m, Object copy, Object[] args) throws Throwable {
        try {
            return m.invoke(copy, args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // what the caller's own consumer threw
        }
    }

    private Object remote(Method m, Object[] args) throws Throwable {
        String call = describe(m);
        state.checkOpen(call);
        CallChannel.Reply reply = state.link.request(call, c -> c.invoke(state.objectId, m, args));
        if (reply.ok()) {
            return reply.value();
        }
        throw failure(reply.value(), state.link.pid, call, m.getExceptionTypes());
    }

    @SuppressWarnings("unchecked")
    private int drainTo(Object[] args) {
        int max = args.length > 1 ? (Integer) args[1] : Integer.MAX_VALUE;
        String call = "BlockingQueue.drainTo";
        state.checkOpen(call);
        CallChannel.Reply reply = state.link.request(call, c -> c.call(state.objectId, "drainToList",
                new Object[] {max}));
        if (!reply.ok()) {
            throw (RuntimeException) failure(reply.value(), state.link.pid, call, new Class<?>[0]);
        }
        List<Object> items = (List<Object>) reply.value();
        ((Collection<Object>) args[0]).addAll(items);
        return items.size();
    }

    private Condition newCondition() {
        String call = "Lock.newCondition()";
        state.checkOpen(call);
        CallChannel.Reply reply = state.link.request(call, c -> c.simple(ManagerProtocol.CONDITION, state.objectId));
        if (!reply.ok()) {
            throw (RuntimeException) failure(reply.value(), state.link.pid, call, new Class<?>[0]);
        }
        return ProxyClasses.newProxy(Condition.class,
                new ProxyState(state.link, (Long) reply.value(), Condition.class.getName()));
    }

    /** {@code Counter.inc(int)}: how a call is named in exceptions. */
    static String describe(Method m) {
        return CALLS.computeIfAbsent(m, k -> Members.userName(k.getDeclaringClass()) + "." + k.getName()
                + Arrays.stream(k.getParameterTypes()).map(Members::userName)
                .collect(Collectors.joining(", ", "(", ")")));
    }

    /**
     * What to throw for a call that failed in the manager: the remote exception itself, its stack trace followed by
     * the caller's, when it is unchecked or {@code declared}; else a {@link RemoteCallException} around it.
     */
    static Throwable failure(Object remote, long pid, String call, Class<?>[] declared) {
        Throwable t = remote instanceof Throwable r ? r
                : new ProtocolViolationException("manager calls: pid=" + pid,
                        "failure answered with a non-exception: value=" + remote);
        if (t instanceof InvocationTargetException ite && ite.getCause() != null) {
            t = ite.getCause();
        }
        StackTraceElement[] there = t.getStackTrace();
        StackTraceElement[] here = new Throwable().getStackTrace();
        StackTraceElement[] both = Arrays.copyOf(there, there.length + 1 + here.length);
        both[there.length] = new StackTraceElement("<manager pid " + pid + ">", call, null, -1);
        System.arraycopy(here, 0, both, there.length + 1, here.length);
        t.setStackTrace(both);
        if (t instanceof RemoteThrowable) {
            return new RemoteCallException(pid, call, t);
        }
        if (t instanceof RuntimeException || t instanceof Error) {
            return t;
        }
        for (Class<?> d : declared) {
            if (d.isInstance(t)) {
                return t;
            }
        }
        return new RemoteCallException(pid, call, t);
    }
}
