package dev.procbook.kernel.magic;

import java.math.BigDecimal;
import java.math.MathContext;

/** Formats durations as IPython does: three significant digits in s, ms, µs or ns. */
public final class TimeFormat {

    private static final String[] UNITS = {"s", "ms", "µs", "ns"};
    private static final double[] SCALE = {1, 1e3, 1e6, 1e9};

    private TimeFormat() {
    }

    /** Formats {@code seconds}, e.g. {@code 0.0123} as {@code "12.3 ms"}. */
    public static String seconds(double seconds) {
        if (seconds >= 60.0) {
            long whole = (long) seconds;
            return (whole / 60) + "min " + (whole % 60) + "s";
        }
        int order = seconds > 0.0 ? Math.min((int) -Math.floor(Math.floor(Math.log10(seconds)) / 3), 3) : 3;
        order = Math.max(order, 0);
        BigDecimal scaled = new BigDecimal(seconds * SCALE[order]).round(new MathContext(3));
        return scaled.stripTrailingZeros().toPlainString() + " " + UNITS[order];
    }

    /** Formats nanoseconds. */
    public static String nanos(long nanos) {
        return seconds(nanos / 1e9);
    }
}
