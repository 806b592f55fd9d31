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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A published frame is real Arrow IPC: node's apache-arrow (npm, version 21) reads every column with the values we
 * wrote. The package is installed once under target/node by npm, never committed.
 */
@ExtendWith(NoLeftovers.class)
@Timeout(300)
class FrameNodeIT {

    private static final Path NODE_DIR = Path.of("target", "node").toAbsolutePath();
    private static final String ARROW_JS = "apache-arrow@21";

    @Test
    void nodeApacheArrowReadsEveryColumnTypeWithIdenticalValues() throws Exception {
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
        Path module = NODE_DIR.resolve("node_modules").resolve("apache-arrow");
        if (!Files.isRegularFile(module.resolve("package.json"))) {
            Files.createDirectories(NODE_DIR);
            run("npm", "install", "--prefix", NODE_DIR.toString(), ARROW_JS, "--no-audit", "--no-fund",
                    "--no-save", "--silent");
        }
        return module;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
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
