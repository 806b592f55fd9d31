package dev.procbook.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Reads the JSON that {@code smemstat -o FILE} writes into a table: sample, pid, user, command, swap, uss, pss, rss
 * (bytes, whatever {@code -k}/{@code -m}/{@code -g} said).
 *
 * <p>smemstat 0.02 writes command lines without escaping them, so a {@code -l} command holding a quote or a newline
 * makes the file invalid JSON; this reader re-escapes each {@code "command"} value before parsing. A one-shot
 * snapshot ({@code smemstat -o FILE}) becomes sample 0; periodic output ({@code smemstat -o FILE 1 10}) numbers its
 * samples from 0 and, as smemstat does, lists only the processes whose memory changed in each sample.
 */
public final class SmemstatJson {

    private static final JsonMapper MAPPER = new JsonMapper();
    private static final Pattern COMMAND_START = Pattern.compile("\"command\"\\s*:\\s*\"");
    /** smemstat ends every field with a line break, so a value ends at a quote before one and the next field. */
    private static final Pattern COMMAND_END = Pattern.compile("\",?\\r?\\n[ \\t]*(\"[a-z-]+\":|\\})");

    private SmemstatJson() {
    }

    /**
     * Reads the smemstat JSON file {@code file}.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws ProcParseException if it is not smemstat's JSON
     */
    public static Table read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read: file=" + file, e);
        } catch (ProcParseException e) {
            throw e.inFile(file);
        }
    }

    /**
     * Parses the text of a smemstat JSON file.
     *
     * @throws ProcParseException if it is not smemstat's JSON
     */
    static Table parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(escapeCommands(text)).path("smemstat");
        } catch (JsonProcessingException e) {
            throw new ProcParseException("smemstat.json", e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    null, "invalid JSON: " + e.getOriginalMessage());
        }
        Table t = Table.create("smemstat", IntColumn.create("sample"), LongColumn.create("pid"),
                StringColumn.create("user"), StringColumn.create("command"), LongColumn.create("swap"),
                LongColumn.create("uss"), LongColumn.create("pss"), LongColumn.create("rss"));
        if (root.has("periodic-samples")) {
            int sample = 0;
            for (JsonNode s : root.get("periodic-samples")) {
                addProcesses(t, sample++, s.path("smem-per-process"));
            }
        } else if (root.has("smem-per-process")) {
            addProcesses(t, 0, root.get("smem-per-process"));
        } else {
            throw new ProcParseException("smemstat.json", 0, null,
                    "expected smemstat.periodic-samples or smemstat.smem-per-process");
        }
        return t;
    }

    private static void addProcesses(Table t, int sample, JsonNode processes) {
        for (JsonNode p : processes) {
            t.intColumn("sample").append(sample);
            t.longColumn("pid").append(number(p, "pid"));
            t.stringColumn("user").append(p.path("user").asText(""));
            t.stringColumn("command").append(p.path("command").asText(""));
            for (String k : new String[] {"swap", "uss", "pss", "rss"}) {
                t.longColumn(k).append(number(p, k));
            }
        }
    }

    private static long number(JsonNode p, String field) {
        JsonNode v = p.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw new ProcParseException("smemstat.json", 0, p.toString(), "missing number " + field);
        }
        return v.asLong();
    }

    /** Re-escapes every {@code "command"} value, which smemstat writes raw, quotes and newlines included. */
    static String escapeCommands(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        Matcher start = COMMAND_START.matcher(text);
        Matcher end = COMMAND_END.matcher(text);
        int pos = 0;
        while (start.find(pos) && end.find(start.end())) {
            out.append(text, pos, start.end());
            out.append(JsonStringEncoder.getInstance().quoteAsString(text.substring(start.end(), end.start())));
            pos = end.start();
        }
        return out.append(text, pos, text.length()).toString();
    }
}
