package dev.procbook.kernel.display;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a Tablesaw {@link Table} as an HTML table and as text: row count, column types, and for long tables
 * the head and the tail with an ellipsis row between them, as pandas does.
 */
public final class TableHtml {

    /** Tables with more rows than this show only their head and tail. */
    static final int MAX_ROWS = 20;
    static final int HEAD = 10;
    static final int TAIL = 5;

    private TableHtml() {
    }

    /** The row indexes shown for a table of {@code rowCount} rows; -1 marks the elided middle. */
    static List<Integer> shownRows(int rowCount) {
        List<Integer> rows = new ArrayList<>();
        if (rowCount <= MAX_ROWS) {
            for (int i = 0; i < rowCount; i++) {
                rows.add(i);
            }
            return rows;
        }
        for (int i = 0; i < HEAD; i++) {
            rows.add(i);
        }
        rows.add(-1);
        for (int i = rowCount - TAIL; i < rowCount; i++) {
            rows.add(i);
        }
        return rows;
    }

    /** The table as HTML, with a caption naming the table, its size and its column types. */
    public static String html(Table table) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<div class=\"procbook-table\"><table class=\"dataframe\" border=\"1\">");
        b.append("<caption style=\"caption-side:top;text-align:left\">").append(escape(title(table)))
                .append("</caption><thead><tr><th></th>");
        for (Column<?> c : table.columns()) {
            b.append("<th>").append(escape(c.name())).append("<br><small>").append(escape(c.type().name()))
                    .append("</small></th>");
        }
        b.append("</tr></thead><tbody>");
        for (int row : shownRows(table.rowCount())) {
            b.append("<tr><th>").append(row < 0 ? "&hellip;" : Integer.toString(row)).append("</th>");
            for (Column<?> c : table.columns()) {
                b.append("<td>").append(row < 0 ? "&hellip;" : escape(c.getString(row))).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody></table></div>");
        return b.toString();
    }

    /** The table as aligned text, with the same head-and-tail rule as {@link #html(Table)}. */
    public static String text(Table table) {
        List<List<String>> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("");
        table.columns().forEach(c -> header.add(c.name()));
        cells.add(header);
        for (int row : shownRows(table.rowCount())) {
            List<String> line = new ArrayList<>();
            line.add(row < 0 ? "..." : Integer.toString(row));
            for (Column<?> c : table.columns()) {
                line.add(row < 0 ? "..." : c.getString(row));
            }
            cells.add(line);
        }
        int[] widths = new int[header.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder(title(table)).append('\n');
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                b.append(i == 0 ? "" : "  ").append(pad(line.get(i), widths[i]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String title(Table table) {
        String name = table.name() == null || table.name().isBlank() ? "Table" : table.name();
        return name + ": " + table.rowCount() + " rows × " + table.columnCount() + " columns";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
