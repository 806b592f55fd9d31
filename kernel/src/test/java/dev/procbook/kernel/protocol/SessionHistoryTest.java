package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionHistoryTest {

    private static SessionHistory history() {
        SessionHistory h = new SessionHistory();
        h.record(1, "var x = 3;", null);
        h.record(2, "x * 2", "6");
        h.record(3, "x * 2", "6");
        h.record(4, "String.valueOf(x)", "\"3\"");
        return h;
    }

    private static List<Integer> cells(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getCellNumber).toList();
    }

    @Test
    void tailReturnsTheLastCellsOldestFirst() {
        assertEquals(List.of(3, 4), cells(history().lookupTail(2, Set.of())));
        assertFalse(history().lookupTail(2, Set.of()).get(0).hasOutput());
    }

    @Test
    void tailWithOutputGivesTheTextResultOrEmpty() {
        List<HistoryEntry> all = history().lookupTail(10, EnumSet.of(ResultFlag.INCLUDE_OUTPUT));
        assertEquals("", all.get(0).getOutput());
        assertEquals("6", all.get(1).getOutput());
    }

    @Test
    void rangeAcceptsTheCurrentSessionByNumberOrAsZero() {
        assertEquals(List.of(2, 3), cells(history().lookupRange(SessionHistory.SESSION, 2, 4, Set.of())));
        assertEquals(List.of(2, 3), cells(history().lookupRange(0, 2, 4, Set.of())));
        assertTrue(history().lookupRange(7, 1, 4, Set.of()).isEmpty());
    }

    @Test
    void searchMatchesGlobsAndCanKeepOnlyTheLastOfEachInput() {
        assertEquals(List.of(2, 3), cells(history().search("x ?*", 10, Set.of())));
        assertEquals(List.of(3), cells(history().search("x*", 10, EnumSet.of(ResultFlag.UNIQUE))));
        assertEquals(List.of(3, 4), cells(history().search("*", 2, Set.of())));
    }
}
