package dev.procbook.baseline;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Everything a baseline printed: its figures, and its facts, the lines whose value is a word rather than a number
 * (a version, a list of dtypes), by metric.
 *
 * <pre>{@code
 * BaselineOutput py = PythonBaseline.output("object_sizes.py");
 * py.fact("python_version");       // "3.11.2"
 * py.value("getsizeof_int_42");    // 28.0
 * }</pre>
 *
 * @param script  the script that printed them
 * @param figures the numeric figures, in the order printed
 * @param facts   the facts by metric, in the order printed
 */
public record BaselineOutput(String script, List<Figure> figures, Map<String, String> facts) {

    /** Copies the lists so the output is immutable. */
    public BaselineOutput {
        figures = List.copyOf(figures);
        facts = Map.copyOf(facts);
    }

    /**
     * The value of the one figure named {@code metric}.
     *
     * @throws NoSuchElementException   if the baseline printed no figure of that name
     * @throws IllegalArgumentException if it printed several, under different benches
     */
    public double value(String metric) {
        List<Figure> named = figures.stream().filter(f -> f.metric().equals(metric)).toList();
        if (named.isEmpty()) {
            throw new NoSuchElementException("no figure: metric=" + metric + ", script=" + script);
        }
        if (named.size() > 1) {
            throw new IllegalArgumentException("several figures: metric=" + metric + ", benches="
                    + named.stream().map(Figure::bench).toList() + ", script=" + script);
        }
        return named.get(0).value();
    }

    /**
     * The fact named {@code metric}.
     *
     * @throws NoSuchElementException if the baseline printed no fact of that name
     */
    public String fact(String metric) {
        String text = facts.get(metric);
        if (text == null) {
            throw new NoSuchElementException("no fact: metric=" + metric + ", script=" + script);
        }
        return text;
    }
}
