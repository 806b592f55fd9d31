package dev.procbook.bench;

import dev.procbook.manager.Manager;
import dev.procbook.manager.ProxyCost;
import dev.procbook.process.StartCost;
import dev.procbook.process.WorkerOptions;

/**
 * The counterpart of {@code manager_proxy.py}: what a proxy call and a manager's start cost.
 *
 * <p>Rows are those of the Python baseline. A typed proxy's {@code inc(1)} stands in the row of Python's AutoProxy
 * ({@code autoproxy.inc}), and is marked as measuring another mechanism; a namespace proxy's {@code get("value")} is
 * the row of Python's NamespaceProxy attribute read. Two clients are two worker JVMs calling one counter at once.
 * A manager's JVM is always spawned: its start is reported in Python's {@code spawn} row, and with a standby worker
 * in the {@code fork} row (marked), beside {@code java -version}, the floor under any JVM's start.
 *
 * <p>usage: {@code java -cp procbook-bench.jar dev.procbook.bench.ManagerProxyBench [--quick]}
 */
public final class ManagerProxyBench {

    private ManagerProxyBench() {
    }

    public static void main(String[] args) {
        boolean quick = Figures.quick(args);
        int n = quick ? 1_500 : 10_000;
        int repeats = quick ? 3 : 5;
        int startRepeats = quick ? 4 : 11;
        long tScript = System.nanoTime();

        ProxyCost.Lifecycle cold = ProxyCost.lifecycle(WorkerOptions.defaults(), startRepeats);
        ProxyCost.Lifecycle standby = ProxyCost.lifecycle(WorkerOptions.defaults().withStandby(1), startRepeats);
        StartCost.Times javaVersion = StartCost.javaVersion(WorkerOptions.defaults().javaCommand(), startRepeats);
        lifecycle(new Figures("manager_proxy.manager_lifecycle.spawn"), cold);
        lifecycle(new Figures("manager_proxy.manager_lifecycle.fork", "a standby worker as the manager"), standby);
        new Figures("manager_proxy.manager_lifecycle.spawn").emit("start_first_cold", cold.start().first()
                + cold.firstCall().first(), "ms");
        new Figures("manager_proxy.floor.java_version").emit("warm_median", javaVersion.warmMedian(), "ms");

        try (Manager manager = Manager.start()) {
            calls(new Figures("manager_proxy.1client.autoproxy.inc", "typed proxy inc(1)"),
                    ProxyCost.typedCalls(manager, n, repeats), "calls_per_s");
            calls(new Figures("manager_proxy.1client.namespace.getattr_value"),
                    ProxyCost.namespaceGets(manager, n, repeats), "calls_per_s");
            ProxyCost.Calls[] two = new ProxyCost.Calls[repeats];
            for (int r = 0; r < repeats; r++) {
                two[r] = ProxyCost.fromWorkers(manager, 2, n);
            }
            calls(new Figures("manager_proxy.2clients.autoproxy.inc", "typed proxy inc(1), 2 worker JVMs"),
                    medianOf(two), "calls_per_s_aggregate");
        }
        Figures script = new Figures("manager_proxy");
        script.emit("leftover_children", PipeQueueBench.leftoverChildren(), "count");
        script.emit("script_wall", (System.nanoTime() - tScript) / 1e9, "s");
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
