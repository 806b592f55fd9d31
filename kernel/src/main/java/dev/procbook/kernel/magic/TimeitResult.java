package dev.procbook.kernel.magic;

import java.util.List;

/**
 * What {@code %timeit} measured: seconds per loop of each run, and the loops in a run.
 *
 * <p>Its text is IPython's: {@code 12.3 µs ± 0.4 µs per loop (mean ± std. dev. of 7 runs, 10000 loops each)}.
 */
public record TimeitResult(List<Double> secondsPerLoop, int loops) {

    public double mean() {
        return secondsPerLoop.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public double stdev() {
        double mean = mean();
        double sum = 0;
        for (double s : secondsPerLoop) {
            sum += (s - mean) * (s - mean);
        }
        return Math.sqrt(sum / secondsPerLoop.size());
    }

    public double best() {
        return secondsPerLoop.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        int runs = secondsPerLoop.size();
        return TimeFormat.seconds(mean()) + " ± " + TimeFormat.seconds(stdev()) + " per loop (mean ± std. dev. of "
                + runs + (runs == 1 ? " run, " : " runs, ") + loops + (loops == 1 ? " loop each)" : " loops each)");
    }
}
