package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FieldLinesTest {

    private static final String STATUS = """
            Name:\tjava
            Uid:\t1000\t1000\t1000\t1000
            Groups:
            VmRSS:\t   48260 kB
            CapEff:\t0000000000000000
            """;

    private static final String SMAPS = """
            7f3a00000000-7f3a06400000 rw-s 00000000 00:1a 4242                       /dev/shm/segment
            Rss:              102400 kB
            VmFlags: rd wr sh mr mw me ms sd
            """;

    @Test
    void fieldsGiveTheirNameValueAndNumbers() {
        FieldLines lines = lines(STATUS, false);
        assertTrue(lines.next());
        assertEquals("Name", lines.name());
        assertEquals("java", lines.value());
        assertFalse(lines.inKilobytes());
        assertTrue(lines.next());
        assertEquals(1000, lines.firstNumber());
        assertTrue(lines.next());
        assertEquals("", lines.value());
        assertTrue(lines.next());
        assertTrue(lines.nameEquals("VmRSS".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(lines.nameEquals("VmRS".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(48260, lines.kilobytes());
        assertEquals(4, lines.lineNumber());
        assertTrue(lines.next());
        assertFalse(lines.next());
    }

    @Test
    void mappingHeadersAreToldApartFromFieldsWhereAllowed() {
        FieldLines lines = lines(SMAPS, true);
        assertTrue(lines.next());
        assertTrue(lines.isHeader());
        assertTrue(lines.line().endsWith("/dev/shm/segment"));
        assertTrue(lines.next());
        assertFalse(lines.isHeader());
        assertEquals(102400, lines.kilobytes());
        assertTrue(lines.next());
        assertFalse(lines.inKilobytes(), "flags, not a figure");
        ProcParseException e = assertThrows(ProcParseException.class, lines::kilobytes);
        assertEquals(3, e.lineNumber());
        assertTrue(e.getMessage().contains("reason=expected a number of kB"), e.getMessage());
    }

    @Test
    void aHeaderWhereNoneIsAllowedIsAParseErrorNamingFileAndLine() {
        FieldLines lines = lines("MemTotal: 1 kB\n" + SMAPS, false);
        assertTrue(lines.next());
        ProcParseException e = assertThrows(ProcParseException.class, lines::next);
        assertEquals("meminfo", e.file());
        assertEquals(2, e.lineNumber());
        assertTrue(e.getMessage().contains("expected 'Name: value'"), e.getMessage());
    }

    @Test
    void aLineThatIsNeitherFieldNorHeaderIsAParseError() {
        FieldLines lines = lines(SMAPS + "garbage here\n", true);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.next());
        }
        ProcParseException e = assertThrows(ProcParseException.class, lines::next);
        assertEquals(4, e.lineNumber());
        assertEquals("garbage here", e.line());
    }

    @Test
    void theLastLineNeedsNoNewline() {
        FieldLines lines = lines("Pss:   7 kB", false);
        assertTrue(lines.next());
        assertEquals(7, lines.kilobytes());
        assertFalse(lines.next());
    }

    @Test
    void kbFieldsSumEveryMappingAndSayWhichFieldsWereSeen() {
        KbFields fields = new KbFields("Rss", "Pss");
        long[] kb = new long[2];
        int seen = fields.addKilobytes(bytes(SMAPS + SMAPS), 2 * SMAPS.length(), "smaps", true, kb);
        assertEquals(204800, kb[0]);
        assertEquals(0b01, seen);
        ProcParseException e = assertThrows(ProcParseException.class, () -> fields.requireFirst(2, seen, "smaps"));
        assertTrue(e.getMessage().contains("missing field Pss"), e.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static FieldLines lines(String text, boolean headers) {
        byte[] b = bytes(text);
        return new FieldLines(b, b.length, headers ? "smaps" : "meminfo", headers);
    }
}
