package dev.procbook.kernel.display;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a Tablesaw {@link Table} as an HTML table and as text: row count, column types, every row of a table of up
 * to 60 and the head and the tail of a longer one with an ellipsis row between them, and decimals to six significant
 * digits, as pandas does by default.
 */
public final class TableHtml {

    /** Tables with more rows than this show only their head and tail: pandas' {@code display.max_rows}. */
    static final int MAX_ROWS = 60;
    /** Rows shown of a longer table, half from each end: pandas' {@code display.min_rows}. */
    static final int HEAD = 5;
    static final int TAIL = 5;
    /** Significant digits of decimals shown by default, as pandas' {@code display.precision}. */
    public static final int DEFAULT_PRECISION = 6;

    private static volatile int precision = DEFAULT_PRECISION;

    private TableHtml() {
    }

    /**
     * Shows decimals of later tables to {@code significantDigits} significant digits; 0 shows them in full, as
     * {@link Double#toString(double)} does.
     *
     * @throws IllegalArgumentException if {@code significantDigits} is negative or over 17
     */
    public static void precision(int significantDigits) {
        if (significantDigits < 0 || significantDigits > 17) {
            throw new IllegalArgumentException("precision out of range: significantDigits=" + significantDigits
                    + ", allowed=0 (full) to 17");
        }
        precision = significantDigits;
    }

    /** A cell as shown: decimals rounded to the current precision, anything else as Tablesaw prints it. */
    static String cell(Column<?> column, int row) {
        if (column instanceof DoubleColumn d && !d.isMissing(row)) {
            return decimal(d.getDouble(row), precision);
        }
        if (column instanceof FloatColumn f && !f.isMissing(row)) {
            return decimal(f.getDouble(row), precision);
        }
        return column.getString(row);
    }

    /** {@code value} to {@code digits} significant digits, as Python's {@code %g} writes it; 0: in full. */
    static String decimal(double value, int digits) {
        if (digits == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= digits) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + (exponent < 0 ? "e-" : "e+")
                    + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return rounded.stripTrailingZeros().toPlainString();
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
                b.append("<td>").append(row < 0 ? "&hellip;" : escape(cell(c, row))).append("</td>");
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
                line.add(row < 0 ? "..." : cell(c, row));
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
