package dev.procbook.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * XChart charts of a sampling, in MiB over seconds: the seed's "process tree", "sum" and "free" figures.
 */
public final class MemoryCharts {

    private static final double MIB = 1024.0 * 1024.0;

    private MemoryCharts() {
    }

    /**
     * Draws one line per process of {@code metric} ({@code rss}, {@code pss}, {@code uss} or {@code swap}).
     *
     * @throws IllegalArgumentException if {@code metric} is not a metric column of the per-process table
     */
    public static XYChart perProcess(Table processes, String metric) {
        XYChart chart = chart(metric.toUpperCase() + " per process", "MiB");
        for (Map.Entry<Long, Series> e : byPid(processes, metric).entrySet()) {
            Series s = e.getValue();
            chart.addSeries(label(e.getKey(), s.command), s.times(), s.values()).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * Draws the processes' {@code metric} stacked on each other, so the top edge is the tree's sum.
     *
     * <p>A process contributes nothing at times it was not alive.
     *
     * @throws IllegalArgumentException if {@code metric} is not a metric column of the per-process table
     */
    public static XYChart stackedSum(Table processes, String metric) {
        XYChart chart = chart(metric.toUpperCase() + " of the process tree, stacked", "MiB");
        Map<Long, Series> byPid = byPid(processes, metric);
        double[] times = new TreeSet<>(processes.doubleColumn("time").asList()).stream()
                .mapToDouble(Double::doubleValue).toArray();
        List<String> names = new ArrayList<>();
        List<double[]> cumulative = new ArrayList<>();
        double[] running = new double[times.length];
        for (Map.Entry<Long, Series> e : byPid.entrySet()) {
            Map<Double, Double> at = e.getValue().byTime();
            for (int i = 0; i < times.length; i++) {
                running[i] += at.getOrDefault(times[i], 0.0);
            }
            names.add(label(e.getKey(), e.getValue().command));
            cumulative.add(running.clone());
        }
        // Tallest first, so each smaller area is painted over the one it sits on.
        for (int k = names.size() - 1; k >= 0; k--) {
            chart.addSeries(names.get(k), times, cumulative.get(k))
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** Draws the system's free and available memory over time. */
    public static XYChart systemMemory(Table system) {
        XYChart chart = chart("System memory", "MiB");
        double[] times = system.doubleColumn("time").asDoubleArray();
        for (String m : new String[] {"available", "free"}) {
            double[] mib = Arrays.stream(system.longColumn(m).asLongArray()).mapToDouble(v -> v / MIB).toArray();
            chart.addSeries(m, times, mib).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static XYChart chart(String title, String yAxis) {
        return new XYChartBuilder().width(800).height(400).title(title).xAxisTitle("time (s)").yAxisTitle(yAxis)
                .build();
    }

    private static Map<Long, Series> byPid(Table processes, String metric) {
        if (!Arrays.asList(Sampling.PROCESS_METRICS).contains(metric)) {
            throw new IllegalArgumentException("not a process metric: metric=" + metric
                    + ", known=" + Arrays.toString(Sampling.PROCESS_METRICS));
        }
        Map<Long, Series> byPid = new LinkedHashMap<>();
        for (Row row : processes) {
            Series s = byPid.computeIfAbsent(row.getLong("pid"), pid -> new Series(row.getString("command")));
            s.add(row.getDouble("time"), row.getLong(metric) / MIB);
        }
        return byPid;
    }

    private static String label(long pid, String command) {
        String c = command.length() > 40 ? command.substring(0, 39) + "…" : command;
        return pid + " " + c;
    }

    private static final class Series {
        final String command;
        final Map<Double, Double> points = new TreeMap<>();

        Series(String command) {
            this.command = command;
        }

        void add(double time, double value) {
            points.put(time, value);
        }

        Map<Double, Double> byTime() {
            return points;
        }

        double[] times() {
            return points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        }

        double[] values() {
            return points.values().stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}
