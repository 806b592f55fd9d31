package dev.procbook.baseline;

/** One figure a baseline printed: {@code {"bench", "metric", "value", "unit"}}. */
public record Figure(String bench, String metric, double value, String unit) {
}
