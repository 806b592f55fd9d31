package dev.procbook.manager;

import dev.procbook.process.Worker;
import dev.procbook.process.WorkerOptions;
import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.Secret;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Managers started ahead of need, per set of {@link WorkerOptions} with a {@code standby} count: standby workers that
 * already run an object server, each with a secret of its own, warmed by one round of the calls a notebook makes
 * first (an object made, called by type and by name, listed, released). {@link Manager#start(WorkerOptions)} takes
 * one at once, and one background thread starts its replacement: Procbook's counterpart of a manager forked from a
 * warm parent. A standby manager is a child process of this one, and exits with it.
 */
final class ManagerStandby {

    /** Replacements start this long after a take, so as not to compete with the new manager's first calls. */
    private static final long REFILL_DELAY_MILLIS = 500;
    /** Rounds of first calls a standby manager answers before it waits: enough for the JIT's first tier. */
    private static final int WARM_ROUNDS = 100;
    private static final Map<WorkerOptions, Deque<Manager>> READY = new HashMap<>();
    private static final Map<WorkerOptions, Long> FILLING = new HashMap<>();
    private static long generation;
    private static final ExecutorService FILLER =
            Executors.newSingleThreadExecutor(DaemonThreads.factory("procbook-manager-standby"));

    private ManagerStandby() {
    }

    /** A live standby manager of {@code options}, or null when none waits; starts the replacement either way. */
    static Manager take(WorkerOptions options) {
        List<Manager> dead = new ArrayList<>();
        Manager taken = null;
        synchronized (READY) {
            Deque<Manager> ready = READY.computeIfAbsent(options, o -> new ArrayDeque<>());
            while (taken == null && !ready.isEmpty()) {
                Manager m = ready.pollFirst();
                if (m.isAlive()) {
                    taken = m;
                } else {
                    dead.add(m);
                }
            }
            fillLater(options, REFILL_DELAY_MILLIS);
        }
        dead.forEach(Manager::close);
        return taken;
    }

    /** Starts the standby managers of {@code options} in the background, now. */
    static void start(WorkerOptions options) {
        synchronized (READY) {
            fillLater(options, 0);
        }
    }

    /** How many standby managers of {@code options} wait now. */
    static int waiting(WorkerOptions options) {
        synchronized (READY) {
            Deque<Manager> ready = READY.get(options);
            return ready == null ? 0 : ready.size();
        }
    }

    private static void fillLater(WorkerOptions options, long delayMillis) {
        long gen = generation;
        if (FILLING.putIfAbsent(options, gen) == null) {
            FILLER.execute(() -> fill(options, gen, delayMillis));
        }
    }

    private static void fill(WorkerOptions options, long gen, long delayMillis) {
        try {
            Thread.sleep(delayMillis);
            while (true) {
                synchronized (READY) {
                    if (gen != generation || READY.computeIfAbsent(options, o -> new ArrayDeque<>()).size()
                            >= options.standby()) {
                        return;
                    }
                }
                Manager m = Manager.launch(null, Secret.random(), options.withStandby(0));
                warm(m);
                synchronized (READY) {
                    if (gen == generation) {
                        READY.computeIfAbsent(options, o -> new ArrayDeque<>()).add(m);
                        continue;
                    }
                }
                m.close();
                return;
            }
        } catch (RuntimeException e) {
            // no standby then: Manager.start with these options starts its own manager and reports its failure
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (READY) {
                FILLING.remove(options, gen);
            }
        }
    }

    /**
     * The calls a notebook makes first, a few dozen times, so that the manager's JVM has loaded their classes and
     * compiled their code: run once, the first object made in a fresh JVM takes milliseconds, interpreted.
     */
    private static void warm(Manager m) {
        for (int i = 0; i < WARM_ROUNDS; i++) {
            ProxyCost.Counter counter = m.create(ProxyCost.Counter.class, ProxyCost.SimpleCounter::new);
            counter.inc(1);
            NamespaceProxy ns = Proxies.namespace(counter);
            ns.get("value");
            ns.set("value", 2L);
            ns.call("inc", 1L);
            ns.close();
            Proxies.close(counter);
            Proxies.close(m.value(i));
        }
        m.objects();
        m.openSpareConnection();
    }

    /** Stops every standby manager; a later start with standby options starts new ones. */
    static void closeAll() {
        List<Manager> all = new ArrayList<>();
        synchronized (READY) {
            READY.values().forEach(all::addAll);
            READY.clear();
            FILLING.clear();
            generation++;
        }
        all.forEach(Manager::close);
    }
}
