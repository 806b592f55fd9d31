package dev.procbook.manager;

import dev.procbook.memory.ObjectSizes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects a manager owns, with their reference counts: each proxy in any process holds one reference, a copy
 * of a proxy in flight holds one until it is received, and a name an object is bound to holds one. An object whose
 * count falls to zero is dropped.
 *
 * <p>References are counted per session, one per client process, so that a session that ends (its process died, or
 * closed its proxies' connection) releases everything it held. Calls look objects up without a lock; counts change
 * under one.
 */
final class ObjectRegistry {

    /** The pseudo-session that holds the references of bound names. */
    private static final String NAMES = "names";

    /** One managed object and its counts; counts are guarded by the registry's lock. */
    static final class Entry {
        final long id;
        final Object target;
        final String type;
        final boolean serial;
        int references;
        int inTransit;

        Entry(long id, Object target, String type, boolean serial) {
            this.id = id;
            this.target = target;
            this.type = type;
            this.serial = serial;
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Entry> objects = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final Map<String, Map<Long, Integer>> sessions = new HashMap<>();
    private final Set<String> endedSessions = new HashSet<>();
    private final Map<Long, Long> held = new HashMap<>();
    private final Set<Long> adoptedEarly = new HashSet<>();
    private final Map<String, Long> names = new HashMap<>();

    /** Adds {@code target} with one reference held by {@code session}; returns its id. */
    long add(Object target, String type, boolean serial, String session) {
        Entry e = new Entry(ids.incrementAndGet(), target, type, serial);
        synchronized (lock) {
            objects.put(e.id, e);
            incref(session, e);
            dropIfUnreferenced(e); // made for a session that has ended: nobody can reach it
        }
        return e.id;
    }

    /**
     * The object {@code id}.
     *
     * @throws ObjectReleasedException if it was dropped, or never existed
     */
    Entry get(long id, String call) {
        Entry e = objects.get(id);
        if (e == null) {
            throw new ObjectReleasedException(id, call);
        }
        return e;
    }

    /** Another reference to {@code id} for {@code session}; none if the object is gone. */
    void incref(String session, long id) {
        synchronized (lock) {
            Entry e = objects.get(id);
            if (e != null) {
                incref(session, e);
            }
        }
    }

    private void incref(String session, Entry e) {
        if (endedSessions.contains(session)) {
            return; // the session's process is gone: whatever it asked for arrives too late to hold anything
        }
        e.references++;
        sessions.computeIfAbsent(session, s -> new HashMap<>()).merge(e.id, 1, Integer::sum);
    }

    /** Releases one reference of {@code session} to {@code id}. */
    void decref(String session, long id) {
        synchronized (lock) {
            Map<Long, Integer> refs = sessions.get(session);
            Integer n = refs == null ? null : refs.get(id);
            if (n == null) {
                return;
            }
            if (n == 1) {
                refs.remove(id);
            } else {
                refs.put(id, n - 1);
            }
            Entry e = objects.get(id);
            if (e != null) {
                e.references--;
                dropIfUnreferenced(e);
            }
        }
    }

    /** A reference for a copy of a proxy in flight, identified by {@code token}, unless it already arrived. */
    void hold(long id, long token) {
        synchronized (lock) {
            if (adoptedEarly.remove(token)) {
                return;
            }
            Entry e = objects.get(id);
            if (e != null) {
                e.inTransit++;
                held.put(token, id);
            }
        }
    }

    /**
     * A copy in flight arrived in {@code session}: a reference of that session, and the copy's own reference
     * released; when the copy arrives before its hold, the hold is skipped instead.
     */
    void adopt(String session, long id, long token) {
        synchronized (lock) {
            Entry e = objects.get(id);
            if (e != null) {
                incref(session, e);
            }
            Long heldId = held.remove(token);
            if (heldId == null) {
                adoptedEarly.add(token);
            } else if (e != null) {
                e.inTransit--;
                dropIfUnreferenced(e);
            }
        }
    }

    /** Releases every reference of {@code session}: its process ended or disconnected. */
    void endSession(String session) {
        synchronized (lock) {
            endedSessions.add(session);
            Map<Long, Integer> refs = sessions.remove(session);
            if (refs == null) {
                return;
            }
            for (Map.Entry<Long, Integer> r : refs.entrySet()) {
                Entry e = objects.get(r.getKey());
                if (e != null) {
                    e.references -= r.getValue();
                    dropIfUnreferenced(e);
                }
            }
        }
    }

    private void dropIfUnreferenced(Entry e) {
        if (e.references <= 0 && e.inTransit <= 0) {
            objects.remove(e.id);
        }
    }

    /**
     * Binds {@code name} to {@code id}, which it then holds a reference to; a name bound before is rebound.
     *
     * @throws ObjectReleasedException if the object is gone
     */
    void bind(String name, long id) {
        synchronized (lock) {
            Entry e = get(id, "bind " + name);
            unbind(name);
            names.put(name, id);
            incref(NAMES, e);
        }
    }

    /** Unbinds {@code name} and releases its reference; nothing if it is not bound. */
    void unbind(String name) {
        synchronized (lock) {
            Long id = names.remove(name);
            if (id != null) {
                decref(NAMES, id);
            }
        }
    }

    /**
     * The object bound to {@code name}, with a new reference for {@code session}.
     *
     * @throws NameNotBoundException if no object is bound to it
     */
    Entry lookup(String name, String session) {
        synchronized (lock) {
            Long id = names.get(name);
            Entry e = id == null ? null : objects.get(id);
            if (e == null) {
                throw new NameNotBoundException(name);
            }
            incref(session, e);
            return e;
        }
    }

    /** The live objects, measured now. */
    List<ObjectInfo> infos() {
        List<Entry> live = new ArrayList<>(objects.values());
        live.sort((a, b) -> Long.compare(a.id, b.id));
        List<ObjectInfo> out = new ArrayList<>();
        for (Entry e : live) {
            long shallow;
            long deep;
            if (e.serial) {
                synchronized (e) { // a serial object is not changed by a call while its graph is walked
                    shallow = ObjectSizes.shallow(e.target);
                    deep = ObjectSizes.deep(e.target);
                }
            } else {
                shallow = ObjectSizes.shallow(e.target);
                deep = ObjectSizes.deep(e.target);
            }
            int refs;
            int transit;
            synchronized (lock) {
                refs = e.references;
                transit = e.inTransit;
            }
            out.add(new ObjectInfo(e.id, e.type, Members.userName(e.target.getClass()), refs, transit, shallow,
                    deep));
        }
        return out;
    }

    /**
     * Unlocks every lock of this manager that the calling thread holds, as often as it holds it: the thread served a
     * connection that ended, whose client thread can no longer unlock what it took.
     */
    void releaseLocksOfThisThread() {
        for (Entry e : objects.values()) {
            if (e.target instanceof java.util.concurrent.locks.ReentrantLock lock) {
                while (lock.isHeldByCurrentThread()) {
                    lock.unlock();
                }
            }
        }
    }

    /** Drops every object, as the manager stops. */
    void clear() {
        synchronized (lock) {
            objects.clear();
            sessions.clear();
            held.clear();
            names.clear();
        }
    }
}
