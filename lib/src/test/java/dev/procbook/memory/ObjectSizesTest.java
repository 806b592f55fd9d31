package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectSizesTest {

    @Test
    void longArrayIsHeaderPlusEightBytesAnElement() {
        long shallow = ObjectSizes.shallow(new long[1000]);
        assertTrue(shallow >= 8000 + 12 && shallow <= 8000 + 24, "size=" + shallow);
    }

    @Test
    void deepSizeCountsReferencedObjectsAndShallowDoesNot() {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            list.add("value-" + i);
        }
        long shallow = ObjectSizes.shallow(list);
        long deep = ObjectSizes.deep(list);
        assertTrue(shallow < 40, "ArrayList itself is a small object: " + shallow);
        assertTrue(deep > 100 * 40, "100 strings with their byte arrays: " + deep);
    }

    @Test
    void sharedObjectsAreCountedOnce() {
        byte[] big = new byte[10_000];
        Object[] twice = {big, big};
        assertEquals(ObjectSizes.shallow(twice) + ObjectSizes.shallow(big), ObjectSizes.deep((Object) twice));
        assertEquals(ObjectSizes.shallow(big), ObjectSizes.deepOfAll(big, big));
    }

    @Test
    void distinctObjectsAreCountedByIdentityNotByEquals() {
        String t = "T";
        String built = new String(new char[] {'T'});
        assertEquals(2, ObjectSizes.distinctObjects(new Object[] {t, built, t, built.intern()}));
        assertEquals(0, ObjectSizes.distinctObjects(new Object[0]));
    }

    @Test
    void measuringPrintsNoWarnings() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            ObjectSizes.deep(new int[] {1, 2, 3});
            ObjectSizes.layout("x");
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jolStartUpNotesAreKeptForDiagnosis() {
        ObjectSizes.shallow(1);
        assertTrue(ObjectSizes.jolMessages().isEmpty() || ObjectSizes.jolMessages().startsWith("#"),
                ObjectSizes.jolMessages());
    }
}
