package dev.procbook.bench;

import dev.procbook.process.Throughput;
import java.util.Arrays;
import java.util.Locale;

/** Prints figures as the Python baselines do: {@code {"bench", "metric", "value", "unit"}}, one per line. */
public final class Figures {

    /** The column the figures go in: {@code java}, or {@code java25} for a run on JDK 25 ({@code -Dprocbook.impl}). */
    private static final String IMPL = System.getProperty("procbook.impl", "java");

    private final String bench;
    private final String ours;

    public Figures(String bench) {
        this(bench, null);
    }

    /**
     * Figures shown in the row of the Python benchmark {@code bench} though ours measure {@code ours}, another
     * mechanism that does the same job; the comparison marks them and names {@code ours}.
     */
    public Figures(String bench, String ours) {
        this.bench = bench;
        this.ours = ours;
    }

    /** Prints one figure. */
    public void emit(String metric, double value, String unit) {
        String as = ours == null ? "" : ", \"as\": \"" + ours + "\"";
        System.out.printf(Locale.ROOT, "{\"bench\": \"%s\", \"impl\": \"%s\"%s, \"metric\": \"%s\", "
                + "\"value\": %.6g, \"unit\": \"%s\"}%n", bench, IMPL, as, metric, value, unit);
        System.out.flush();
    }

    /** The median of {@code samples}. */
    public static double median(double[] samples) {
        return Throughput.median(samples);
    }

    /** The {@code p}-th percentile (0-100) of {@code samples}, nearest rank. */
    public static double percentile(double[] samples, double p) {
        return Throughput.percentile(samples, p);
    }

    /** Whether {@code --quick} is among the arguments. */
    public static boolean quick(String[] args) {
        return Arrays.asList(args).contains("--quick");
    }
}
