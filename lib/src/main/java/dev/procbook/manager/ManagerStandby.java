package dev.procbook.manager;

import dev.procbook.process.Standby;
import dev.procbook.process.WorkerOptions;
import dev.procbook.process.wire.HubService;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.Wiring;
import java.util.List;

/**
 * Managers started ahead of need, per set of {@link WorkerOptions} with a {@code standby} count: standby workers that
 * already run an object server, each with a secret of its own, warmed by one round of the calls a notebook makes
 * first (an object made, called by type and by name, listed, released). {@link Manager#start(WorkerOptions)} takes
 * one at once, and one background thread starts its replacement: Procbook's counterpart of a manager forked from a
 * warm parent. A standby manager is a child process of this one, and is stopped when this process's {@link Wiring}
 * closes, at the latest at exit. The wiring finds this class through {@code META-INF/services}; it is public only
 * for that.
 */
public final class ManagerStandby implements HubService {

    /** Rounds of first calls a standby manager answers before it waits: enough for the JIT's first tier. */
    private static final int WARM_ROUNDS = 100;

    final Standby<Manager> managers =
            new Standby<>("procbook-manager-standby", ManagerStandby::startWarm, Manager::isAlive, Manager::close);

    /** For {@link java.util.ServiceLoader}; a process has the one its {@link Wiring} made. */
    public ManagerStandby() {
    }

    /** The standby managers of this process's wiring. */
    static Standby<Manager> get() {
        return Wiring.get().service(ManagerStandby.class).managers;
    }

    /** Serves no hub connections: managers listen on sockets of their own. */
    @Override
    public void register(Wiring wiring) {
    }

    /** Stops the standby managers. */
    @Override
    public void close() {
        managers.close();
    }

    private static List<Manager> startWarm(int n, WorkerOptions options) {
        Manager m = Manager.launch(null, Secret.random(), options.withStandby(0));
        try {
            warm(m);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return List.of(m);
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

}
