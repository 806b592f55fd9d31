package dev.procbook.shm;

import dev.procbook.memory.MemorySampler;
import dev.procbook.memory.ProcessMemory;
import dev.procbook.memory.ProcessMemoryReader;
import dev.procbook.memory.Sampling;
import dev.procbook.process.PythonProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The seed's Python experiments on fork, run as a child of this process and measured with the same instruments as
 * Java's ({@link MemorySampler}, {@link ProcessMemoryReader}): a parent builds data, forks 2 children that use it,
 * and the three are measured while they hold still. The program is {@code fork_experiment.py} beside this class.
 *
 * <p>{@code PythonForkExperiment.run(Variant.COPY_ON_READ, 256, Duration.ofMillis(100)).totalPss()}
 */
public final class PythonForkExperiment {

    /** What the children do with the parent's data; see {@code fork_experiment.py}. */
    public enum Variant {
        /** A numpy array, summed by each child: fork's copy-on-write keeps it shared. */
        FORK_COW,
        /** A list of small lists, iterated by each child: reference counts are written, pages copied. */
        COPY_ON_READ,
        /** The same list; each child only collects garbage, which writes into every tracked object's header. */
        GC_COLLECT,
        /** As {@link #GC_COLLECT}, after {@code gc.freeze()} in the parent: the collector leaves the objects alone. */
        GC_FREEZE
    }

    private static final double MIB = 1024.0 * 1024.0;

    /**
     * What one variant cost, in bytes, read while the children held the data.
     *
     * @param variant     the experiment
     * @param dataMib     the data's intended size, MiB
     * @param parentPss   the Python parent's PSS
     * @param childrenPss the two children's PSS
     * @param childrenUss the two children's USS: what they copied
     * @param totalRss    RSS of the three
     * @param sampling    the three over time, and the system
     */
    public record Result(Variant variant, int dataMib, long parentPss, long childrenPss, long childrenUss, long totalRss,
                         Sampling sampling) {

        /** PSS of the parent and both children. */
        public long totalPss() {
            return parentPss + childrenPss;
        }
    }

    private PythonForkExperiment() {
    }

    /**
     * Runs {@code variant} with about {@code mib} MiB of data, sampling this process's tree every {@code interval}.
     *
     * @throws dev.procbook.process.PythonFailedException if the program fails
     */
    public static Result run(Variant variant, int mib, Duration interval) {
        try (MemorySampler sampler = MemorySampler.start(interval);
             PythonProcess py = PythonProcess.start(script(), variant.name().toLowerCase(), Integer.toString(mib));
             ProcessMemoryReader reader = new ProcessMemoryReader()) {
            py.expect("built");
            String[] holding = py.expect("holding").split(" ");
            List<Long> pids = new ArrayList<>(List.of(py.pid()));
            ProcessMemory parent = reader.read(py.pid());
            long childrenPss = 0;
            long childrenUss = 0;
            long rss = parent.rss();
            for (int i = 1; i < holding.length; i++) {
                long pid = Long.parseLong(holding[i]);
                pids.add(pid);
                ProcessMemory m = reader.read(pid);
                childrenPss += m.pss();
                childrenUss += m.uss();
                rss += m.rss();
            }
            Sampling all = sampledWith(sampler, pids, interval);
            py.send("go");
            py.finish();
            Table processes = all.processes().where(all.processes().longColumn("pid")
                    .isIn(pids.stream().mapToLong(Long::longValue).toArray()));
            return new Result(variant, mib, parent.pss(), childrenPss, childrenUss, rss,
                    new Sampling(processes, all.system()));
        }
    }

    /**
     * The sampler's record once it has sampled every one of {@code pids} at least once, or after ten intervals and
     * two seconds: a quick variant reaches its holding point before the sampler's next tick.
     */
    private static Sampling sampledWith(MemorySampler sampler, List<Long> pids, Duration interval) {
        long deadline = System.nanoTime() + interval.multipliedBy(10).plusSeconds(2).toNanos();
        while (true) {
            Sampling s = sampler.sampling();
            var sampled = s.processes().longColumn("pid");
            if (pids.stream().allMatch(sampled::contains) || System.nanoTime() > deadline) {
                return s;
            }
            try {
                Thread.sleep(Math.max(1, interval.toMillis() / 4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return s;
            }
        }
    }

    /** The Python program's text. */
    public static String script() {
        try (InputStream in = PythonForkExperiment.class.getResourceAsStream("fork_experiment.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read fork_experiment.py", e);
        }
    }

    /** One row a result, in MiB: variant, data, parent PSS, children PSS, total PSS, children USS, total RSS. */
    public static Table totals(List<Result> results) {
        Table t = Table.create("Python, fork: memory while both children hold the data, MiB",
                StringColumn.create("variant"), DoubleColumn.create("data"), DoubleColumn.create("parent PSS"),
                DoubleColumn.create("children PSS"), DoubleColumn.create("total PSS"),
                DoubleColumn.create("children USS"), DoubleColumn.create("total RSS"));
        for (Result r : results) {
            t.stringColumn("variant").append(r.variant().name().toLowerCase());
            t.doubleColumn("data").append(r.dataMib());
            t.doubleColumn("parent PSS").append(round(r.parentPss() / MIB));
            t.doubleColumn("children PSS").append(round(r.childrenPss() / MIB));
            t.doubleColumn("total PSS").append(round(r.totalPss() / MIB));
            t.doubleColumn("children USS").append(round(r.childrenUss() / MIB));
            t.doubleColumn("total RSS").append(round(r.totalRss() / MIB));
        }
        return t;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
