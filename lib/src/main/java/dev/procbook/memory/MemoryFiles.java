package dev.procbook.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * Writes tables as CSV, and writes and reads samplings as JSON, with Jackson.
 *
 * <p>The JSON keeps each column's name, type and values, so a sampling read back equals the one written:
 * {@code {"format":"procbook-sampling","version":1,"processes":{...},"system":{...}}}.
 */
public final class MemoryFiles {

    private static final String FORMAT = "procbook-sampling";
    private static final JsonMapper MAPPER = new JsonMapper();

    private MemoryFiles() {
    }

    /**
     * Writes {@code table} to {@code file} as CSV with a header row.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeCsv(Table table, Path file) {
        try {
            table.write().csv(CsvWriteOptions.builder(file.toFile()).header(true).build());
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("could not write: file=" + file, io);
            }
            throw e;
        }
    }

    /**
     * Writes {@code sampling} to {@code file} as JSON.
     *
     * @throws UncheckedIOException if the file cannot be written
     * @throws IllegalArgumentException if a column has a type other than double, long, int or string
     */
    public static void writeSampling(Sampling sampling, Path file) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT).put("version", 1);
        root.set("processes", toJson(sampling.processes()));
        root.set("system", toJson(sampling.system()));
        try {
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write: file=" + file, e);
        }
    }

    /**
     * Reads a sampling that {@link #writeSampling} wrote.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws ProcParseException if the file is not a procbook sampling
     */
    public static Sampling readSampling(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read: file=" + file, e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new ProcParseException(file.toString(), 0, null, "not a " + FORMAT + " file");
        }
        try {
            return new Sampling(fromJson(root.path("processes")), fromJson(root.path("system")));
        } catch (ProcParseException e) {
            throw e.inFile(file);
        }
    }

    static ObjectNode toJson(Table table) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", table.name());
        ArrayNode columns = node.putArray("columns");
        for (Column<?> c : table.columns()) {
            ObjectNode col = columns.addObject();
            col.put("name", c.name()).put("type", c.type().name());
            ArrayNode values = col.putArray("values");
            for (int i = 0; i < c.size(); i++) {
                addValue(values, c, i);
            }
        }
        return node;
    }

    private static void addValue(ArrayNode values, Column<?> c, int i) {
        if (c.isMissing(i)) {
            values.addNull();
        } else if (c instanceof DoubleColumn d) {
            values.add(d.getDouble(i));
        } else if (c instanceof LongColumn l) {
            values.add(l.getLong(i));
        } else if (c instanceof IntColumn n) {
            values.add(n.getInt(i));
        } else if (c instanceof StringColumn s) {
            values.add(s.get(i));
        } else {
            throw new IllegalArgumentException("unsupported column type: column=" + c.name() + ", type=" + c.type());
        }
    }

    static Table fromJson(JsonNode node) {
        Table table = Table.create(node.path("name").asText(""));
        for (JsonNode col : node.path("columns")) {
            table.addColumns(column(col));
        }
        return table;
    }

    private static Column<?> column(JsonNode col) {
        String name = col.path("name").asText();
        String type = col.path("type").asText();
        JsonNode values = col.path("values");
        if (type.equals(ColumnType.DOUBLE.name())) {
            DoubleColumn c = DoubleColumn.create(name);
            values.forEach(v -> c.append(v.isNull() ? Double.NaN : v.asDouble()));
            return c;
        } else if (type.equals(ColumnType.LONG.name())) {
            LongColumn c = LongColumn.create(name);
            values.forEach(v -> { if (v.isNull()) { c.appendMissing(); } else { c.append(v.asLong()); } });
            return c;
        } else if (type.equals(ColumnType.INTEGER.name())) {
            IntColumn c = IntColumn.create(name);
            values.forEach(v -> { if (v.isNull()) { c.appendMissing(); } else { c.append(v.asInt()); } });
            return c;
        } else if (type.equals(ColumnType.STRING.name())) {
            StringColumn c = StringColumn.create(name);
            values.forEach(v -> { if (v.isNull()) { c.appendMissing(); } else { c.append(v.asText()); } });
            return c;
        }
        throw new ProcParseException("sampling.json", 0, null, "unsupported column type: column=" + name
                + ", type=" + type);
    }
}
