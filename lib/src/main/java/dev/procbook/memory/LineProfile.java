package dev.procbook.memory;

import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The result of {@link MemoryProfiler#profile}: one line per statement, with RSS and heap after it and increments.
 *
 * @param lines the statements in execution order
 */
public record LineProfile(List<Line> lines) {

    private static final double MIB = 1024.0 * 1024.0;

    /** Copies {@code lines} so the profile is immutable. */
    public LineProfile {
        lines = List.copyOf(lines);
    }

    /**
     * One profiled statement; sizes in bytes.
     *
     * @param lineNo        the line the statement starts on, from 1
     * @param contents      the statement's source
     * @param rss           the process RSS after the statement
     * @param rssIncrement  the change of RSS the statement caused
     * @param heap          the JVM heap used after the statement
     * @param heapIncrement the change of heap used the statement caused
     */
    public record Line(int lineNo, String contents, long rss, long rssIncrement, long heap, long heapIncrement) {
    }

    /** Returns the table: line, mem_usage_mib, increment_mib, heap_used_mib, heap_increment_mib, contents. */
    public Table toTable() {
        Table t = Table.create("memory profile", IntColumn.create("line"), DoubleColumn.create("mem_usage_mib"),
                DoubleColumn.create("increment_mib"), DoubleColumn.create("heap_used_mib"),
                DoubleColumn.create("heap_increment_mib"), StringColumn.create("contents"));
        for (Line l : lines) {
            t.intColumn("line").append(l.lineNo());
            t.doubleColumn("mem_usage_mib").append(l.rss() / MIB);
            t.doubleColumn("increment_mib").append(l.rssIncrement() / MIB);
            t.doubleColumn("heap_used_mib").append(l.heap() / MIB);
            t.doubleColumn("heap_increment_mib").append(l.heapIncrement() / MIB);
            t.stringColumn("contents").append(l.contents());
        }
        return t;
    }

    /** Returns memory_profiler's table exactly: Line #, Mem usage (RSS), Increment, Line Contents. */
    public String toMemoryProfilerText() {
        return render(false);
    }

    /** Returns memory_profiler's table with two more columns, the JVM heap used and its increment. */
    public String toText() {
        return render(true);
    }

    private String render(boolean heap) {
        String template = heap ? "%6s %12s %12s %12s %12s   %s%n" : "%6s %12s %12s   %s%n";
        String header = heap
                ? String.format(Locale.ROOT, template, "Line #", "Mem usage", "Increment", "Heap used", "Heap incr.",
                        "Line Contents")
                : String.format(Locale.ROOT, template, "Line #", "Mem usage", "Increment", "Line Contents");
        StringBuilder out = new StringBuilder(header);
        out.append("=".repeat(header.strip().length())).append("\n\n");
        for (Line l : lines) {
            String[] source = l.contents().split("\n", -1);
            out.append(heap
                    ? String.format(Locale.ROOT, template, l.lineNo(), mib(l.rss()), mib(l.rssIncrement()),
                            mib(l.heap()), mib(l.heapIncrement()), source[0])
                    : String.format(Locale.ROOT, template, l.lineNo(), mib(l.rss()), mib(l.rssIncrement()),
                            source[0]));
            for (int i = 1; i < source.length; i++) {
                out.append(heap
                        ? String.format(Locale.ROOT, template, l.lineNo() + i, "", "", "", "", source[i])
                        : String.format(Locale.ROOT, template, l.lineNo() + i, "", "", source[i]));
            }
        }
        return out.toString();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%5.1f MiB", bytes / MIB);
    }
}
