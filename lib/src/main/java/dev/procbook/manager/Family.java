package dev.procbook.manager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects behind the manager's counterparts of Python's {@code SyncManager} types that Java lacks or whose JDK
 * form cannot cross a process boundary: a namespace, an event, a value, and a blocking queue that can be drained
 * into a caller's collection. They live in the manager; their proxies are of the public types.
 */
final class Family {

    private Family() {
    }

    /** The object behind {@link Manager#namespace()}: attributes by name, as Python's {@code Namespace}. */
    static final class Namespace {
        private final Map<String, Object> attributes = new LinkedHashMap<>();

        synchronized Object get(String name) {
            if (!attributes.containsKey(name)) {
                throw new MemberAccessException("Namespace", name, "no such attribute");
            }
            return attributes.get(name);
        }

        synchronized void set(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public synchronized String toString() {
            StringBuilder s = new StringBuilder("Namespace(");
            String sep = "";
            for (Map.Entry<String, Object> e : attributes.entrySet()) {
                s.append(sep).append(e.getKey()).append('=').append(e.getValue());
                sep = ", ";
            }
            return s.append(')').toString();
        }
    }

    /** The object behind {@link Manager#event()}. */
    static final class FlagEvent implements Event {
        private boolean flag;

        @Override
        public synchronized void set() {
            flag = true;
            notifyAll();
        }

        @Override
        public synchronized void clear() {
            flag = false;
        }

        @Override
        public synchronized boolean isSet() {
            return flag;
        }

        @Override
        public synchronized void await() throws InterruptedException {
            while (!flag) {
                wait();
            }
        }

        @Override
        public synchronized boolean await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (long left = timeout.toNanos(); !flag && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return flag;
        }

        @Override
        public synchronized String toString() {
            return "Event[set=" + flag + "]";
        }
    }

    /** The object behind {@link Manager#value(long)}. */
    static final class AtomicValue implements Value {
        private final AtomicLong value;

        AtomicValue(long initial) {
            value = new AtomicLong(initial);
        }

        @Override
        public long get() {
            return value.get();
        }

        @Override
        public void set(long v) {
            value.set(v);
        }

        @Override
        public long incrementAndGet() {
            return value.incrementAndGet();
        }

        @Override
        public long addAndGet(long delta) {
            return value.addAndGet(delta);
        }

        @Override
        public long getAndAdd(long delta) {
            return value.getAndAdd(delta);
        }

        @Override
        public boolean compareAndSet(long expected, long update) {
            return value.compareAndSet(expected, update);
        }

        @Override
        public String toString() {
            return "Value[" + value.get() + "]";
        }
    }

    /**
     * The object behind {@link Manager#queue()}: a blocking queue whose {@code drainTo} the proxy turns into
     * {@link #drainToList(int)}, since the caller's collection is in another process.
     */
    static final class ManagedQueue<E> extends LinkedBlockingQueue<E> {
        private static final long serialVersionUID = 1L;

        /** Removes up to {@code max} items and returns them, for a proxy's {@code drainTo}. */
        ArrayList<E> drainToList(int max) {
            ArrayList<E> out = new ArrayList<>();
            drainTo(out, max);
            return out;
        }
    }
}
