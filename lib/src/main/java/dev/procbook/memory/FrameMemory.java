package dev.procbook.memory;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The memory of a Tablesaw table per column, estimated as pandas' {@code info()} does and measured deeply as
 * {@code info(memory_usage='deep')} does.
 *
 * <p>Shallow: element width times rows, with 8 bytes (a pointer, pandas' {@code object} dtype) for strings and other
 * reference columns; like pandas it marks the total with {@code +} as a lower bound when such columns exist. Deep:
 * every column object and what it references, measured with JOL ({@link ObjectSizes}); Tablesaw's dictionary-encoded
 * strings make this smaller than pandas' deep figure for repeated values, as interning does in the seed.
 * <pre>{@code
 * FrameMemory m = FrameMemory.of(table);
 * System.out.println(m.info());      // like df.info()
 * System.out.println(m.infoDeep());  // like df.info(memory_usage='deep')
 * }</pre>
 */
public final class FrameMemory {

    private final Table frame;
    private final Table report;
    private final boolean hasReferenceColumns;
    private final long deepTotal;

    private FrameMemory(Table frame) {
        this.frame = frame;
        this.report = Table.create("memory of " + frame.name(), IntColumn.create("#"), StringColumn.create("column"),
                IntColumn.create("non_null"), StringColumn.create("dtype"), LongColumn.create("shallow_bytes"),
                LongColumn.create("deep_bytes"));
        boolean references = false;
        for (int i = 0; i < frame.columnCount(); i++) {
            Column<?> c = frame.column(i);
            report.intColumn("#").append(i);
            report.stringColumn("column").append(c.name());
            report.intColumn("non_null").append(c.size() - c.countMissing());
            report.stringColumn("dtype").append(c.type().name());
            report.longColumn("shallow_bytes").append((long) elementWidth(c.type()) * c.size());
            report.longColumn("deep_bytes").append(ObjectSizes.deep(c));
            references |= isReference(c.type());
        }
        this.hasReferenceColumns = references;
        this.deepTotal = ObjectSizes.deep(frame);
    }

    /** Measures {@code frame}; the deep part walks every object the table references, so it costs time on big ones. */
    public static FrameMemory of(Table frame) {
        return new FrameMemory(frame);
    }

    /** Returns one row per column: #, column, non_null, dtype, shallow_bytes, deep_bytes. */
    public Table table() {
        return report.copy();
    }

    /** Returns the sum of the per-column shallow estimates in bytes. */
    public long shallowBytes() {
        return (long) report.longColumn("shallow_bytes").sum();
    }

    /** Returns the deep size of the whole table in bytes, each shared object counted once. */
    public long deepBytes() {
        return deepTotal;
    }

    /** Returns a text like pandas' {@code df.info()}, ending with the shallow estimate. */
    public String info() {
        return render(sizeOf(shallowBytes(), hasReferenceColumns ? "+" : ""));
    }

    /** Returns a text like pandas' {@code df.info(memory_usage='deep')}, ending with the measured deep size. */
    public String infoDeep() {
        return render(sizeOf(deepTotal, ""));
    }

    private String render(String usage) {
        int rows = frame.rowCount();
        int nameWidth = Math.max(6, report.stringColumn("column").asList().stream().mapToInt(String::length).max()
                .orElse(0));
        String row = " %-3s %-" + nameWidth + "s  %-14s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append("<class '").append(Table.class.getName()).append("'>\n");
        out.append(rows == 0 ? "Index: 0 entries\n" : "RangeIndex: " + rows + " entries, 0 to " + (rows - 1) + "\n");
        out.append("Data columns (total ").append(frame.columnCount()).append(" columns):\n");
        out.append(String.format(Locale.ROOT, row, "#", "Column", "Non-Null Count", "Dtype"));
        out.append(String.format(Locale.ROOT, "%-4s" + row.substring(5), "---", "-".repeat(6), "-".repeat(14), "-----"));
        Map<String, Integer> dtypes = new TreeMap<>();
        for (int i = 0; i < report.rowCount(); i++) {
            out.append(String.format(Locale.ROOT, row, i, report.stringColumn("column").get(i),
                    report.intColumn("non_null").getInt(i) + " non-null", report.stringColumn("dtype").get(i)));
            dtypes.merge(report.stringColumn("dtype").get(i), 1, Integer::sum);
        }
        StringBuilder types = new StringBuilder();
        dtypes.forEach((t, n) -> types.append(types.length() == 0 ? "" : ", ").append(t).append('(').append(n)
                .append(')'));
        out.append("dtypes: ").append(types).append('\n');
        out.append("memory usage: ").append(usage).append('\n');
        return out.toString();
    }

    /** Formats like pandas' {@code _sizeof_fmt}: powers of 1024 named bytes, KB, MB, GB, TB, PB. */
    static String sizeOf(double bytes, String qualifier) {
        for (String unit : new String[] {"bytes", "KB", "MB", "GB", "TB"}) {
            if (bytes < 1024.0) {
                return String.format(Locale.ROOT, "%3.1f%s %s", bytes, qualifier, unit);
            }
            bytes /= 1024.0;
        }
        return String.format(Locale.ROOT, "%3.1f%s PB", bytes, qualifier);
    }

    /** Returns the bytes one element takes in the column's backing array; 8, a reference, for objects. */
    static int elementWidth(ColumnType type) {
        String name = type.name();
        switch (name) {
            case "BOOLEAN":
                return 1;
            case "SHORT":
                return 2;
            case "INTEGER":
            case "FLOAT":
            case "LOCAL_DATE":
            case "LOCAL_TIME":
                return 4;
            default:
                return 8;
        }
    }

    private static boolean isReference(ColumnType type) {
        switch (type.name()) {
            case "BOOLEAN":
            case "SHORT":
            case "INTEGER":
            case "FLOAT":
            case "LOCAL_DATE":
            case "LOCAL_TIME":
            case "LONG":
            case "DOUBLE":
            case "LOCAL_DATE_TIME":
            case "INSTANT":
                return false;
            default:
                return true;
        }
    }
}
