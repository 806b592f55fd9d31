package dev.procbook.report;

/**
 * One figure a notebook measured and holds up: a notebook's name, what the figure is, its value and unit, and when
 * it was measured (epoch milliseconds).
 */
public record Headline(String notebook, String figure, double value, String unit, long measuredAt) {
}
