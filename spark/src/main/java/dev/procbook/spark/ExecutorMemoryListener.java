package dev.procbook.spark;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The memory each executor reports in its heartbeats, as Spark's own listener bus delivers it: the peaks of its
 * JVM heap and of its process tree's RSS, for executors on any machine, which {@code /proc} here cannot see.
 */
final class ExecutorMemoryListener extends SparkListener {

    private static final double MIB = 1024 * 1024;

    /** The latest peaks of one executor. */
    private record Peaks(String host, long heap, long rss) {
    }

    private final Map<String, Peaks> peaks = new TreeMap<>();

    @Override
    public synchronized void onExecutorAdded(SparkListenerExecutorAdded added) {
        peaks.putIfAbsent(added.executorId(), new Peaks(added.executorInfo().executorHost(), -1, -1));
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        long heap = -1;
        long rss = -1;
        for (ExecutorMetrics m : scala.jdk.javaapi.CollectionConverters.asJava(update.executorUpdates()).values()) {
            heap = Math.max(heap, m.getMetricValue("JVMHeapMemory"));
            rss = Math.max(rss, m.getMetricValue("ProcessTreeJVMRSSMemory"));
        }
        if (heap < 0) {
            return;
        }
        synchronized (this) {
            Peaks before = peaks.get(update.execId());
            peaks.put(update.execId(), new Peaks(before == null ? "this JVM" : before.host(), heap, rss));
        }
    }

    /** One row per executor: its host, heap and process-tree RSS peaks in MiB (missing until reported). */
    synchronized Table table(String title) {
        Table t = Table.create(title, StringColumn.create("executor"), StringColumn.create("host"),
                DoubleColumn.create("heap_peak_mib"), DoubleColumn.create("rss_peak_mib"));
        peaks.forEach((id, p) -> {
            t.stringColumn("executor").append(id);
            t.stringColumn("host").append(p.host());
            append(t.doubleColumn("heap_peak_mib"), p.heap());
            append(t.doubleColumn("rss_peak_mib"), p.rss());
        });
        return t;
    }

    private static void append(DoubleColumn c, long bytes) {
        if (bytes > 0) {
            c.append(bytes / MIB);
        } else {
            c.appendMissing();
        }
    }
}
