package dev.procbook.process.wire;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes Procbook's background threads (readers, flushers, pool slots, the hub's accept loop) as daemons in a thread
 * group of their own, under the JVM's root group rather than under the group of the thread that asks.
 *
 * <p>JShell stops a cell by stopping (JDK 17) or interrupting (JDK 21+) every thread of the cell's group, and a
 * thread inherits its creator's group: a hub or pool first used in a cell would otherwise lose its threads to the
 * interrupt of that cell, and later pools would find a hub that no longer answers.
 * {@code Thread t = DaemonThreads.newThread(this::readLoop, "procbook-worker-42-reader"); t.start();}
 */
public final class DaemonThreads {

    private static final ThreadGroup GROUP = new ThreadGroup(rootGroup(), "procbook");

    private DaemonThreads() {
    }

    private static ThreadGroup rootGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }

    /** A daemon thread named {@code name} in Procbook's group, not yet started. */
    public static Thread newThread(Runnable task, String name) {
        Thread t = new Thread(GROUP, task, name);
        t.setDaemon(true);
        return t;
    }

    /** A factory of such threads named {@code prefix-1}, {@code prefix-2}, ... for an executor. */
    public static ThreadFactory factory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> newThread(r, prefix + "-" + count.incrementAndGet());
    }
}
