package dev.procbook.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procbook.process.PythonFailedException;
import dev.procbook.process.PythonProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Runs one of the project's Python baselines ({@code bench/python/NAME.py}) with Debian's Python, which has the
 * packages they use, and reads the figures it prints, one JSON object a line.
 *
 * <pre>{@code
 * List<Figure> python = PythonBaseline.run("pipe_queue.py", "--quick");
 * }</pre>
 */
public final class PythonBaseline {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MINUTES = 10;

    private PythonBaseline() {
    }

    /**
     * The Python that runs baselines, the one {@link PythonProcess} runs: {@code -Dprocbook.python}, else
     * {@code $PROCBOOK_PYTHON}, else Debian's {@code /usr/bin/python3}.
     */
    public static Path python() {
        return PythonProcess.interpreter();
    }

    /**
     * The baseline {@code name} in the project's {@code bench/python}, found from the working directory upwards (a
     * notebook runs in {@code notebooks/}); empty when the project's tree is not there.
     */
    public static Optional<Path> script(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("bench").resolve("python").resolve(name);
            if (Files.isRegularFile(script)) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    /** Whether both the Python and the baseline {@code name} are here. */
    public static boolean available(String name) {
        return Files.isExecutable(python()) && script(name).isPresent();
    }

    /**
     * Runs the baseline {@code name} with {@code args} and returns the numeric figures it printed, in order.
     *
     * @throws BaselineFailedException if the script or the Python is missing, exits non-zero, runs over ten
     *                                 minutes, or prints a line that is not a figure
     */
    public static List<Figure> run(String name, String... args) {
        return output(name, args).figures();
    }

    /**
     * Runs the baseline {@code name} with {@code args} and returns all it printed: figures and facts.
     *
     * @throws BaselineFailedException if the script or the Python is missing, exits non-zero, runs over ten
     *                                 minutes, or prints a line that is not a figure
     */
    public static BaselineOutput output(String name, String... args) {
        Path script = script(name).orElseThrow(() -> new BaselineFailedException(name,
                "reason=no bench/python/" + name + " above " + Path.of("").toAbsolutePath(), null));
        // PythonProcess keeps the script's standard error apart and reports it with a failure
        try (PythonProcess py = PythonProcess.startScript(script, args)) {
            List<String> lines = py.finish(Duration.ofMinutes(TIMEOUT_MINUTES));
            return parseOutput(script.toString(), String.join("\n", lines));
        } catch (PythonFailedException e) {
            throw new BaselineFailedException(script.toString(), "reason=" + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new BaselineFailedException(script.toString(), "reason=cannot start " + python(), e);
        }
    }

    /** The figures of JSON lines {@code {"bench", "metric", "value", "unit"}}; lines with a non-numeric value are skipped. */
    static List<Figure> parse(String script, String output) {
        return parseOutput(script, output).figures();
    }

    /**
     * The figures and facts of JSON lines {@code {"bench", "metric", "value", "unit"}}: a numeric value is a figure,
     * a textual one a fact.
     */
    static BaselineOutput parseOutput(String script, String output) {
        List<Figure> figures = new ArrayList<>();
        Map<String, String> facts = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : output.split("\n")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new BaselineFailedException(script, "reason=not a JSON figure, line=" + lineNumber
                        + ", text=" + line, e);
            }
            if (node == null || !node.hasNonNull("bench") || !node.hasNonNull("metric")) {
                continue;
            }
            JsonNode value = node.path("value");
            if (value.isNumber()) {
                figures.add(new Figure(node.get("bench").asText(), node.get("metric").asText(), value.asDouble(),
                        node.path("unit").asText("")));
            } else if (value.isTextual()) {
                facts.put(node.get("metric").asText(), value.asText());
            }
        }
        return new BaselineOutput(script, figures, facts);
    }

    /**
     * Whether the baselines' Python can import every one of {@code modules}, such as {@code "pandas"}: false too
     * when there is no such Python, or when the check is interrupted (the interrupt flag is then set again).
     *
     * @throws IllegalArgumentException if no module is named
     */
    public static boolean hasModules(String... modules) {
        if (modules.length == 0) {
            throw new IllegalArgumentException("no module named: modules=[]");
        }
        if (!Files.isExecutable(python())) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(python().toString(), "-c", "import " + String.join(", ", modules))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code figures} as a table: bench, metric, value, unit. */
    public static Table table(String name, List<Figure> figures) {
        return Table.create(name,
                StringColumn.create("bench", figures.stream().map(Figure::bench)),
                StringColumn.create("metric", figures.stream().map(Figure::metric)),
                DoubleColumn.create("value", figures.stream().mapToDouble(Figure::value)),
                StringColumn.create("unit", figures.stream().map(Figure::unit)));
    }
}
