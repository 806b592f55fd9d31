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
    public static final String[] PROCESS_METRICS = {"rss", "pss", "uss", "swap"};
    /** Metric columns of the system table, in bytes. */
    public static final String[] SYSTEM_METRICS = {"total", "available", "used", "free", "cached", "buffers",
        "shared"};

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
        processes.longColumn("rss").append(p.memory().rss());
        processes.longColumn("pss").append(p.memory().pss());
        processes.longColumn("uss").append(p.memory().uss());
        processes.longColumn("swap").append(p.memory().swap());
    }

    static void append(Table system, double time, SystemMemory m) {
        system.doubleColumn("time").append(time);
        system.longColumn("total").append(m.total());
        system.longColumn("available").append(m.available());
        system.longColumn("used").append(m.used());
        system.longColumn("free").append(m.free());
        system.longColumn("cached").append(m.cached());
        system.longColumn("buffers").append(m.buffers());
        system.longColumn("shared").append(m.shared());
    }
}
