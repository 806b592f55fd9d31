package dev.procbook.memory;

import java.time.Duration;
import org.knowm.xchart.XYChart;

/**
 * Memory of this JVM and its children over a piece of code, like {@code mprof run --include-children} and
 * {@code mprof plot}.
 *
 * <p>{@code Mprof.Result r = Mprof.run(() -> pool.map(...), Duration.ofMillis(100)); r.chart();}
 */
public final class Mprof {

    private Mprof() {
    }

    /**
     * The sampling made while the code ran, with its charts.
     *
     * @param sampling the per-process and system tables
     */
    public record Result(Sampling sampling) {

        /** Returns one RSS line per process, as {@code mprof plot} draws. */
        public XYChart chart() {
            return MemoryCharts.perProcess(sampling.processes(), "rss");
        }

        /** Returns the processes' PSS stacked, whose top edge is the tree's real share of memory. */
        public XYChart sumChart() {
            return MemoryCharts.stackedSum(sampling.processes(), "pss");
        }
    }

    /**
     * Runs {@code code} on this thread while sampling this JVM's process tree every {@code interval}.
     *
     * @throws IllegalArgumentException if {@code interval} is not positive
     * @throws RuntimeException whatever {@code code} throws, once sampling has stopped
     */
    public static Result run(Runnable code, Duration interval) {
        MemorySampler sampler = MemorySampler.start(interval);
        try {
            code.run();
        } finally {
            sampler.close();
        }
        return new Result(sampler.sampling());
    }
}
