package dev.procbook.bench;

import dev.procbook.manager.Manager;
import dev.procbook.manager.ProxyCost;
import dev.procbook.process.Pool;
import dev.procbook.process.StartCost;
import dev.procbook.process.WorkerOptions;
import java.util.Arrays;

/**
 * The counterpart of {@code manager_proxy.py}: what a proxy call and a manager's start cost.
 *
 * <p>Rows are those of the Python baseline. A typed proxy's {@code inc(1)} stands in the row of Python's AutoProxy
 * ({@code autoproxy.inc}), and is marked as measuring another mechanism; a namespace proxy's {@code get("value")} is
 * the row of Python's NamespaceProxy attribute read. Two clients are two worker JVMs calling one counter at once.
 * A manager's JVM is always spawned: its start is reported in Python's {@code spawn} row, and with a standby worker
 * in the {@code fork} row (marked), beside {@code java -version}, the floor under any JVM's start.
 *
 * <p>The typed calls run beside their floor ({@link MailboxFloor}: the same round trips through shared memory with no
 * Procbook code), one run of each in turn, so that both meet the machine as it is at that moment. A call takes about
 * 0.4 us when the client and the manager's thread have a core each, and about 4 us when they share one, so on a busy
 * machine a run's figure depends mostly on which it got: the floor beside it says which. With {@code --one-core}
 * (run by {@code bench/run} under {@code taskset -c 0}, so that the manager and the workers share the core too) only
 * the typed calls and their floors run, as {@code manager_proxy.one_core.*}: the case where a context switch each way
 * is the floor.
 *
 * <p>usage: {@code java -cp procbook-bench.jar dev.procbook.bench.ManagerProxyBench [--quick] [--one-core]}
 */
public final class ManagerProxyBench {

    private ManagerProxyBench() {
    }

    public static void main(String[] args) {
        boolean quick = Figures.quick(args);
        boolean oneCore = Arrays.asList(args).contains("--one-core");
        int n = quick ? 1_500 : 10_000;
        int repeats = quick ? 3 : 5;
        long tScript = System.nanoTime();
        String prefix = oneCore ? "manager_proxy.one_core" : "manager_proxy";

        if (!oneCore) {
            starts(quick ? 4 : 11);
        }

        try (Manager manager = Manager.start()) {
            ProxyCost.Calls[] typed = new ProxyCost.Calls[repeats];
            ProxyCost.Calls[] floor = new ProxyCost.Calls[repeats];
            for (int r = 0; r < repeats; r++) {
                floor[r] = MailboxFloor.run(1, n);
                typed[r] = ProxyCost.typedCalls(manager, n, 1);
            }
            calls(new Figures(prefix + ".1client.autoproxy.inc", "typed proxy inc(1)"), medianOf(typed),
                    "calls_per_s");
            calls(new Figures(prefix + ".floor.mailbox.1client"), medianOf(floor), "calls_per_s");
            if (!oneCore) {
                calls(new Figures("manager_proxy.1client.namespace.getattr_value"),
                        ProxyCost.namespaceGets(manager, n, repeats), "calls_per_s");
            }
            ProxyCost.Calls[] two = new ProxyCost.Calls[repeats];
            try (Pool clients = Pool.create(2)) {
                // a first run, not counted: fresh worker JVMs still compile the call path while it is measured, and
                // with every process on one core that gave 28k calls/s, the runs after it 226-234k
                ProxyCost.fromWorkers(manager, clients, n);
                for (int r = 0; r < repeats; r++) {
                    floor[r] = MailboxFloor.run(2, n);
                    two[r] = ProxyCost.fromWorkers(manager, clients, n);
                }
            }
            calls(new Figures(prefix + ".2clients.autoproxy.inc", "typed proxy inc(1), 2 worker JVMs"),
                    medianOf(two), "calls_per_s_aggregate");
            calls(new Figures(prefix + ".floor.mailbox.2clients"), medianOf(floor), "calls_per_s_aggregate");
        }
        Figures script = new Figures(prefix);
        script.emit("leftover_children", PipeQueueBench.leftoverChildren(), "count");
        script.emit("script_wall", (System.nanoTime() - tScript) / 1e9, "s");
    }

    /** A manager's start, cold and from a standby worker, beside {@code java -version}. */
    private static void starts(int repeats) {
        ProxyCost.Lifecycle cold = ProxyCost.lifecycle(WorkerOptions.defaults(), repeats);
        ProxyCost.Lifecycle standby = ProxyCost.lifecycle(WorkerOptions.defaults().withStandby(1), repeats);
        StartCost.Times javaVersion = StartCost.javaVersion(WorkerOptions.defaults().javaCommand(), repeats);
        lifecycle(new Figures("manager_proxy.manager_lifecycle.spawn"), cold);
        lifecycle(new Figures("manager_proxy.manager_lifecycle.fork", "a standby worker as the manager"), standby);
        new Figures("manager_proxy.manager_lifecycle.spawn").emit("start_first_cold", cold.start().first()
                + cold.firstCall().first(), "ms");
        new Figures("manager_proxy.floor.java_version").emit("warm_median", javaVersion.warmMedian(), "ms");
    }

    private static void lifecycle(Figures f, ProxyCost.Lifecycle l) {
        f.emit("start_median", l.start().warmMedian(), "ms");
        f.emit("create_object_and_first_call_median", l.firstCall().warmMedian(), "ms");
        f.emit("shutdown_median", l.shutdown().warmMedian(), "ms");
    }

    private static void calls(Figures f, ProxyCost.Calls c, String rate) {
        f.emit("rtt_median", c.medianMicros(), "us");
        f.emit("rtt_p99", c.p99Micros(), "us");
        f.emit(rate, c.perSecond(), "calls/s");
    }

    private static ProxyCost.Calls medianOf(ProxyCost.Calls[] runs) {
        double[] m = new double[runs.length];
        double[] p = new double[runs.length];
        double[] r = new double[runs.length];
        for (int i = 0; i < runs.length; i++) {
            m[i] = runs[i].medianMicros();
            p[i] = runs[i].p99Micros();
            r[i] = runs[i].perSecond();
        }
        return new ProxyCost.Calls(Figures.median(m), Figures.median(p), Figures.median(r));
    }
}
