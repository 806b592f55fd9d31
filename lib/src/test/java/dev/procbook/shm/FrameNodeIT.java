package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.procbook.process.NoLeftovers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A published frame is real Arrow IPC: node's apache-arrow (npm, version 21, pinned with its dependencies by
 * src/test/node/package-lock.json) reads every column with the values we wrote. {@code npm ci} installs it under
 * target/node, never committed; without node or npm (environment/apt-test.txt) the test is skipped, saying why.
 */
@ExtendWith(NoLeftovers.class)
@Timeout(300)
class FrameNodeIT {

    private static final Path NODE_DIR = Path.of("target", "node").toAbsolutePath();
    private static final Path PACKAGE = Path.of("src", "test", "node").toAbsolutePath();

    @Test
    void nodeApacheArrowReadsEveryColumnTypeWithIdenticalValues() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "node and npm are not installed (environment/apt-test.txt): cannot read the frame with apache-arrow");
        Path module = installArrowJs();
        Path script = NODE_DIR.resolve("read-frame.cjs");
        try (InputStream in = FrameNodeIT.class.getResourceAsStream("read-frame.cjs")) {
            Files.write(script, in.readAllBytes());
        }
        Table t = SharedFrameTest.everyType(40);
        try (SharedFrame f = SharedFrame.publish(SharedSegmentTest.uniqueName("node"), t)) {
            JsonNode out = new ObjectMapper().readTree(run("node", script.toString(), module.toString(),
                    f.path().toString()));
            assertEquals(40, out.get("rows").asInt());
            JsonNode columns = out.get("columns");
            assertEquals(t.columnCount(), columns.size());
            for (int c = 0; c < t.columnCount(); c++) {
                Column<?> expected = t.column(c);
                JsonNode actual = columns.get(c);
                assertEquals(expected.name(), actual.get("name").asText());
                for (int r = 0; r < t.rowCount(); r++) {
                    assertEquals(asJs(expected, r), asText(actual.get("values").get(r)),
                            expected.name() + " row " + r + " (node type " + actual.get("type").asText() + ")");
                }
            }
            assertTrue(columns.get(3).get("type").asText().startsWith("Dictionary"), columns.get(3).toString());
        }
    }

    /** What node prints for a value: numbers, int64 as decimal text, dates and times as epoch milliseconds. */
    private static String asJs(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "null";
        }
        Object v = column.get(row);
        if (v instanceof LocalDate d) {
            return Long.toString(d.toEpochDay() * 86_400_000L);
        } else if (v instanceof LocalDateTime dt) {
            return Long.toString(dt.toInstant(ZoneOffset.UTC).toEpochMilli());
        } else if (v instanceof Instant i) {
            return Long.toString(i.toEpochMilli());
        } else if (v instanceof LocalTime lt) {
            return Long.toString(lt.toNanoOfDay() / 1_000_000);
        } else if (v instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(d.longValue()) : d.toString();
        }
        return v.toString();
    }

    private static String asText(JsonNode n) {
        if (n.isNull()) {
            return "null";
        }
        if (n.isDouble()) {
            double d = n.asDouble();
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
        return n.asText();
    }

    private static Path installArrowJs() throws IOException, InterruptedException {
        Files.createDirectories(NODE_DIR);
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(PACKAGE.resolve(f), NODE_DIR.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        run(NODE_DIR, "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error");
        return NODE_DIR.resolve("node_modules").resolve("apache-arrow");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return run(null, command);
    }

    private static String run(Path directory, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd.get(0) + ": install nodejs and npm (environment/apt.txt)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(240, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
