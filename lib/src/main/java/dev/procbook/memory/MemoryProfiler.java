package dev.procbook.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Line-by-line memory of a sequence of statements in this JVM, like memory_profiler's {@code @profile}: the process
 * RSS and the JVM heap used after each statement, and the increment it caused.
 *
 * <p>A {@code %%memprofile} magic splits a cell into statements and passes an executor that evaluates one:
 * <pre>{@code
 * LineProfile p = MemoryProfiler.profile(List.of("var a = new long[10_000_000];", "a = null;"), jshell::eval);
 * System.out.println(p.toText());
 * }</pre>
 */
public final class MemoryProfiler {

    private MemoryProfiler() {
    }

    /**
     * Executes {@code statements} in order through {@code executor}, measuring memory before the first and after each.
     *
     * <p>Line numbers count the lines of the statements, so a statement spanning two lines moves the next one by two.
     *
     * @throws RuntimeException whatever {@code executor} throws, after which no further statement runs
     */
    public static LineProfile profile(List<String> statements, Consumer<String> executor) {
        Objects.requireNonNull(executor, "executor");
        Probe probe = new Probe();
        long rss = probe.rss();
        long heap = probe.heap();
        List<LineProfile.Line> lines = new ArrayList<>();
        int lineNo = 1;
        for (String statement : statements) {
            executor.accept(statement);
            long rssAfter = probe.rss();
            long heapAfter = probe.heap();
            lines.add(new LineProfile.Line(lineNo, statement, rssAfter, rssAfter - rss, heapAfter, heapAfter - heap));
            rss = rssAfter;
            heap = heapAfter;
            lineNo += (int) statement.lines().count();
        }
        return new LineProfile(lines);
    }

    /** Reads this JVM's RSS and heap use. */
    static final class Probe {
        private final ProcessMemoryReader reader = new ProcessMemoryReader();
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final long pid = ProcessHandle.current().pid();

        long rss() {
            return reader.readRss(pid);
        }

        long heap() {
            return memory.getHeapMemoryUsage().getUsed();
        }
    }
}
