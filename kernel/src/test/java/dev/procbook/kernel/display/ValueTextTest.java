package dev.procbook.kernel.display;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueTextTest {

    @Test
    void smallValuesReadAsJavaPrintsThem() {
        assertEquals("[1, 2, 3]", ValueText.of(new int[] {1, 2, 3}));
        assertEquals("[[a, b], [c]]", ValueText.of(new String[][] {{"a", "b"}, {"c"}}));
        assertEquals(List.of(1, 2).toString(), ValueText.of(List.of(1, 2)));
        assertEquals(Map.of("k", List.of(1)).toString(), ValueText.of(Map.of("k", List.of(1))));
        assertEquals("text", ValueText.of("text"));
        assertEquals("null", ValueText.of(null));
        assertEquals("[]", ValueText.of(new long[0]));
    }

    @Test
    void aBigArrayShowsItsFirstElementsAndItsLength() {
        String text = ValueText.of(new byte[30_000_000]);
        assertTrue(text.startsWith("[0, 0, 0"), text.substring(0, 20));
        assertTrue(text.endsWith(", 0, … (30000000 elements)]"), text.substring(text.length() - 40));
        assertEquals(ValueText.MAX_ELEMENTS + 1, text.split(", ").length, "elements shown, then the length");
    }

    @Test
    void aBigListAndMapSayHowManyElementsAndEntriesTheyHave() {
        List<Integer> numbers = IntStream.range(0, 5000).boxed().toList();
        String list = ValueText.of(numbers);
        assertTrue(list.startsWith("[0, 1, 2, "), list);
        assertTrue(list.endsWith(", 999, … (5000 elements)]"), list.substring(list.length() - 40));
        Map<Integer, Integer> squares = new LinkedHashMap<>();
        numbers.forEach(n -> squares.put(n, n * n));
        assertTrue(ValueText.of(squares).endsWith(", 999=998001, … (5000 entries)}"));
    }

    @Test
    void nestedValuesShareOneBudgetOfCharacters() {
        List<long[]> rows = Collections.nCopies(1000, new long[1000]);
        assertTrue(ValueText.of(rows).length() < ValueText.MAX_CHARS + 10_000);
    }

    @Test
    void aLongStringIsCutAndSaysItsLength() {
        String text = ValueText.of("x".repeat(ValueText.MAX_CHARS + 5));
        assertTrue(text.endsWith("x… (" + (ValueText.MAX_CHARS + 5) + " characters)"));
    }

    @Test
    void aCollectionThatPrintsItselfIsShownAsItPrintsItself() {
        List<Integer> own = new ArrayList<>(List.of(1, 2)) {
            @Override
            public String toString() {
                return "two numbers";
            }
        };
        assertEquals("two numbers", ValueText.of(own));
        Object[] selfContaining = new Object[1];
        selfContaining[0] = selfContaining;
        String nested = ValueText.of(selfContaining);
        assertTrue(nested.endsWith("[[[… (1 element)]]]]]]]]]"), nested);
    }
}
