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
}
