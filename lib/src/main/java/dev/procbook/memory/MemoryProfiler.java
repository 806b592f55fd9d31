package dev.procbook.memory;

import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
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
        long rss = probe.settledRss();
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
        static final long RECENT_GC_MILLIS = 2000;
        static final long SETTLE_MILLIS = 3000;

        private final ProcessMemoryReader reader = new ProcessMemoryReader();
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final long pid = ProcessHandle.current().pid();

        long rss() {
            return reader.readRss(pid);
        }

        /**
         * The RSS once the heap a collection of the last {@value #RECENT_GC_MILLIS} ms freed has gone back to the
         * system ({@link Settle}): a baseline read sooner hid part of what the measured code touched (16 to 92 MiB read
         * for 128). At once when no collection was that recent; {@value #SETTLE_MILLIS} ms at most.
         */
        long settledRss() {
            return collectedWithin(RECENT_GC_MILLIS)
                    ? Settle.await(this::rss, Duration.ofMillis(SETTLE_MILLIS))
                    : rss();
        }

        /** Whether a collection of this JVM ended within the last {@code millis} ms. */
        private static boolean collectedWithin(long millis) {
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof com.sun.management.GarbageCollectorMXBean hotspot) {
                    GcInfo last = hotspot.getLastGcInfo();
                    if (last != null && uptime - last.getEndTime() < millis) {
                        return true;
                    }
                }
            }
            return false;
        }

        long heap() {
            return memory.getHeapMemoryUsage().getUsed();
        }
    }
}
