package dev.procbook.memory;

import java.util.List;
import java.util.function.ToLongFunction;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The memory of every process of a tree, read at one moment, with totals.
 *
 * <p>Only the PSS and USS totals are meaningful sums; the RSS total counts shared pages once per process.
 *
 * @param rootPid   the pid the tree was rooted at
 * @param processes the processes that were alive, root first
 */
public record TreeMemory(long rootPid, List<MeasuredProcess> processes) {

    /** Copies {@code processes} so the result is immutable. */
    public TreeMemory {
        processes = List.copyOf(processes);
    }

    /** Returns the sum of RSS in bytes, which counts shared pages once per process that maps them. */
    public long totalRss() {
        return total(ProcessMemory::rss);
    }

    /** Returns the sum of PSS in bytes: the tree's share of physical memory. */
    public long totalPss() {
        return total(ProcessMemory::pss);
    }

    /** Returns the sum of USS in bytes: what the system gets back when the whole tree exits. */
    public long totalUss() {
        return total(ProcessMemory::uss);
    }

    /** Returns the sum of swap in bytes. */
    public long totalSwap() {
        return total(ProcessMemory::swap);
    }

    private long total(ToLongFunction<ProcessMemory> metric) {
        return processes.stream().mapToLong(p -> metric.applyAsLong(p.memory())).sum();
    }

    /** Returns one row per process: pid, ppid, command, rss, pss, uss, shared, swap, in bytes. */
    public Table toTable() {
        Table t = Table.create("process tree of " + rootPid,
                LongColumn.create("pid"), LongColumn.create("ppid"), StringColumn.create("command"),
                LongColumn.create("rss"), LongColumn.create("pss"), LongColumn.create("uss"),
                LongColumn.create("shared"), LongColumn.create("swap"));
        for (MeasuredProcess p : processes) {
            ProcessMemory m = p.memory();
            t.longColumn("pid").append(p.process().pid());
            t.longColumn("ppid").append(p.process().ppid());
            t.stringColumn("command").append(p.process().command());
            t.longColumn("rss").append(m.rss());
            t.longColumn("pss").append(m.pss());
            t.longColumn("uss").append(m.uss());
            t.longColumn("shared").append(m.shared());
            t.longColumn("swap").append(m.swap());
        }
        return t;
    }
}
