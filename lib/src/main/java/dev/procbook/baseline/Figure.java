package dev.procbook.baseline;

import java.util.List;
import java.util.NoSuchElementException;

/** One figure a baseline printed: {@code {"bench", "metric", "value", "unit"}}. */
public record Figure(String bench, String metric, double value, String unit) {

    /**
     * The value of the figure of {@code bench} and {@code metric} among {@code figures}, the first if several.
     * {@code double rtt = Figure.valueOf(python, "manager_proxy.1client.autoproxy.inc", "rtt_median");}
     *
     * @throws NoSuchElementException if there is none: a missing figure is never read as zero
     */
    public static double valueOf(List<Figure> figures, String bench, String metric) {
        for (Figure f : figures) {
            if (f.bench().equals(bench) && f.metric().equals(metric)) {
                return f.value();
            }
        }
        throw new NoSuchElementException("no figure: bench=" + bench + ", metric=" + metric + ", figures="
                + figures.size());
    }
}
