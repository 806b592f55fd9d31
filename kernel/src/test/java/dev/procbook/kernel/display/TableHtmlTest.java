package dev.procbook.kernel.display;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableHtmlTest {

    @Test
    void shortTablesShowEveryRowAndLongOnesHeadEllipsisTail() {
        assertEquals(List.of(0, 1, 2), TableHtml.shownRows(3));
        assertEquals(60, TableHtml.shownRows(60).size(), "pandas shows up to 60 rows in full");
        List<Integer> rows = TableHtml.shownRows(61);
        assertEquals(List.of(0, 1, 2, 3, 4, -1, 56, 57, 58, 59, 60), rows);
    }

    @Test
    void htmlEscapesValuesAndNamesSizeAndTypes() {
        Table t = Table.create("t<1>", StringColumn.create("s", "<b>&"), IntColumn.create("n", new int[]{7}));
        String html = TableHtml.html(t);
        assertTrue(html.contains("t&lt;1&gt;: 1 rows × 2 columns"), html);
        assertTrue(html.contains("<td>&lt;b&gt;&amp;</td>"), html);
        assertTrue(html.contains("STRING"), html);
        assertFalse(html.contains("<b>&"), html);
    }

    @Test
    void textAlignsColumnsAndElidesTheMiddle() {
        Table t = Table.create("n", IntColumn.create("v", IntStream.range(0, 100).toArray()));
        String text = TableHtml.text(t);
        assertTrue(text.startsWith("n: 100 rows × 1 columns\n"), text);
        List<String> lines = text.lines().map(String::strip).toList();
        assertTrue(lines.contains("...  ..."), text);
        assertTrue(lines.contains("99   99"), text);
        assertFalse(lines.contains("50   50"), text);
    }

    @Test
    void decimalsShowSixSignificantDigitsAsPythonsPercentG() {
        assertEquals("45.7095", TableHtml.decimal(45.709526577365274, 6));
        assertEquals("40", TableHtml.decimal(40.0, 6));
        assertEquals("-0.5", TableHtml.decimal(-0.5, 6));
        assertEquals("1.23457e+06", TableHtml.decimal(1234567.0, 6));
        assertEquals("123457", TableHtml.decimal(123456.7, 6));
        assertEquals("1.2345e-05", TableHtml.decimal(0.000012345, 6));
        assertEquals("0.0001", TableHtml.decimal(0.0001, 6));
        assertEquals("1e+100", TableHtml.decimal(1e100, 6));
        assertEquals("0", TableHtml.decimal(0.0, 6));
        assertEquals("NaN", TableHtml.decimal(Double.NaN, 6));
        assertEquals("45.709526577365274", TableHtml.decimal(45.709526577365274, 0), "0 is full precision");
    }

    @Test
    void tablesShowDecimalsRoundedInHtmlAndTextAndInFullOnRequest() {
        Table t = Table.create("d", DoubleColumn.create("x", new double[] {45.709526577365274, Double.NaN}),
                IntColumn.create("n", new int[] {123456789, 2}));
        assertTrue(TableHtml.html(t).contains("<td>45.7095</td>"), TableHtml.html(t));
        assertTrue(TableHtml.html(t).contains("<td>123456789</td>"), "integers are never rounded");
        assertTrue(TableHtml.text(t).contains("45.7095"), TableHtml.text(t));
        try {
            TableHtml.precision(0);
            assertTrue(TableHtml.html(t).contains("<td>45.709526577365274</td>"), TableHtml.html(t));
        } finally {
            TableHtml.precision(TableHtml.DEFAULT_PRECISION);
        }
        assertThrows(IllegalArgumentException.class, () -> TableHtml.precision(-1));
    }
}
