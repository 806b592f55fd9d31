package dev.procbook.report;

import java.util.Locale;

/**
 * A figure measured here beside the seed's: they agree within 5 %, else the measured one is so many times the seed's.
 * What we measured wins; the verdict says how far the seed's figure is from it.
 *
 * <pre>{@code
 * System.out.println(Verdict.of("sys.getsizeof(42) on this machine", 28, 28, "B"));
 * // sys.getsizeof(42) on this machine    measured     28.000 B, seed     28.000 B -> agrees with the seed
 * }</pre>
 *
 * @param what     what was measured
 * @param measured the figure measured here
 * @param seed     the seed's figure, in the same unit
 * @param unit     the unit of both
 */
public record Verdict(String what, double measured, double seed, String unit) {

    /** How far apart two figures may be, as a fraction of the seed's, and still agree. */
    public static final double TOLERANCE = 0.05;

    /**
     * Compares {@code measured} with the seed's figure {@code seed}.
     *
     * @throws IllegalArgumentException if the seed's figure is not a positive number
     */
    public static Verdict of(String what, double measured, double seed, String unit) {
        if (!(seed > 0) || Double.isInfinite(seed)) {
            throw new IllegalArgumentException("seed figure not positive: what=" + what + ", seed=" + seed);
        }
        return new Verdict(what, measured, seed, unit);
    }

    /** The measured figure over the seed's. */
    public double ratio() {
        return measured / seed;
    }

    /** Whether the two agree within {@link #TOLERANCE}. */
    public boolean agrees() {
        return Math.abs(ratio() - 1) <= TOLERANCE;
    }

    /** One line: what, both figures, and the verdict, in columns so that several line up. */
    @Override
    public String toString() {
        String v = agrees() ? "agrees with the seed"
                : String.format(Locale.ROOT, "DIFFERS from the seed: ours is %.2f× the seed's figure", ratio());
        return String.format(Locale.ROOT, "%-58s measured %10.3f %s, seed %10.3f %s -> %s", what, measured, unit,
                seed, unit, v);
    }
}
