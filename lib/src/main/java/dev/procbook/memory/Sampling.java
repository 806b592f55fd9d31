package dev.procbook.memory;

import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The result of sampling a process tree and the system over time: two tables in bytes, with {@code time} in seconds
 * since the sampling started.
 *
 * <p>{@code processes}: time, pid, command, rss, pss, uss, swap (one row per living process per sample).
 * {@code system}: time, total, available, used, free, cached, buffers, shared (one row per sample).
 *
 * @param processes the per-process table
 * @param system    the system table
 */
public record Sampling(Table processes, Table system) {

    /** Metric columns of the per-process table, in bytes. */
    public static final String[] PROCESS_METRICS = SampledMetric.columns(SampledMetric.PerProcess.ALL);
    /** Metric columns of the system table, in bytes. */
    public static final String[] SYSTEM_METRICS = SampledMetric.columns(SampledMetric.SystemWide.ALL);

    /** Checks that neither table is null. */
    public Sampling {
        Objects.requireNonNull(processes, "processes");
        Objects.requireNonNull(system, "system");
    }

    /** Returns an empty per-process table with the sampler's columns. */
    public static Table emptyProcessTable() {
        Table t = Table.create("processes", DoubleColumn.create("time"), LongColumn.create("pid"),
                StringColumn.create("command"));
        for (String m : PROCESS_METRICS) {
            t.addColumns(LongColumn.create(m));
        }
        return t;
    }

    /** Returns an empty system table with the sampler's columns. */
    public static Table emptySystemTable() {
        Table t = Table.create("system", DoubleColumn.create("time"));
        for (String m : SYSTEM_METRICS) {
            t.addColumns(LongColumn.create(m));
        }
        return t;
    }

    static void append(Table processes, double time, MeasuredProcess p) {
        processes.doubleColumn("time").append(time);
        processes.longColumn("pid").append(p.process().pid());
        processes.stringColumn("command").append(p.process().command());
        for (SampledMetric.PerProcess m : SampledMetric.PerProcess.ALL) {
            processes.longColumn(m.column()).append(m.of(p.memory()));
        }
    }

    static void append(Table system, double time, SystemMemory m) {
        system.doubleColumn("time").append(time);
        for (SampledMetric.SystemWide k : SampledMetric.SystemWide.ALL) {
            system.longColumn(k.column()).append(k.of(m));
        }
    }
}
