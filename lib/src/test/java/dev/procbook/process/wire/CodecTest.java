package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {

    @Test
    void objectsBytesStringsAndNullRoundTrip() {
        byte[] raw = {0, 1, -1, 42};
        assertArrayEquals(raw, (byte[]) Codec.decode(Codec.encode(raw)));
        assertEquals("héllo", Codec.decode(Codec.encode("héllo")));
        assertNull(Codec.decode(Codec.encode(null)));
        Map<String, List<Integer>> value = Map.of("a", List.of(1, 2));
        assertEquals(value, Codec.decode(Codec.encode(value)));
    }

    @Test
    void nonSerializableObjectIsNamed() {
        NotSerializableObjectException e = assertThrows(NotSerializableObjectException.class,
                () -> Codec.encode(List.of(new Object())));
        assertEquals("java.lang.Object", e.className());
    }

    @Test
    void aClassMissingHereIsAnUndecodableObjectNamingIt() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(Codec.RECORD);
        out.writeUTF("dev.procbook.NoSuchRecord");
        out.flush();
        UndecodableObjectException e = assertThrows(UndecodableObjectException.class,
                () -> Codec.decode(bytes.toByteArray()));
        assertEquals("dev.procbook.NoSuchRecord", e.className());
        assertNull(assertThrows(UndecodableObjectException.class, () -> Codec.decode(new byte[] {99})).className(),
                "corrupt bytes name no class");
    }
}
