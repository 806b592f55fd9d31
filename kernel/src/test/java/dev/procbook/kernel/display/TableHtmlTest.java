package dev.procbook.kernel.display;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableHtmlTest {

    @Test
    void shortTablesShowEveryRowAndLongOnesHeadEllipsisTail() {
        assertEquals(List.of(0, 1, 2), TableHtml.shownRows(3));
        List<Integer> rows = TableHtml.shownRows(100);
        assertEquals(16, rows.size());
        assertEquals(List.of(8, 9, -1, 95), rows.subList(8, 12));
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
        Table t = Table.create("n", IntColumn.create("v", IntStream.range(0, 30).toArray()));
        String text = TableHtml.text(t);
        assertTrue(text.startsWith("n: 30 rows × 1 columns\n"), text);
        List<String> lines = text.lines().map(String::strip).toList();
        assertTrue(lines.contains("...  ..."), text);
        assertTrue(lines.contains("29   29"), text);
        assertFalse(lines.contains("15   15"), text);
    }
}
