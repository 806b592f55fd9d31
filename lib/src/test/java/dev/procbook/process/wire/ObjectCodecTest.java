package dev.procbook.process.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectCodecTest {

    record Point(int x, double y, String label) implements Serializable {
    }

    @Test
    void objectsRoundTripThroughOneEncoderAndOneDecoder() {
        ObjectEncoder encoder = new ObjectEncoder();
        ObjectDecoder decoder = new ObjectDecoder();
        for (int i = 0; i < 100; i++) {
            Point p = new Point(i, i / 2.0, "p" + i);
            assertEquals(p, decoder.decode(encoder.encode(p)));
            assertEquals(Map.of("k", List.of(i)), decoder.decode(encoder.encode(Map.of("k", List.of(i)))));
        }
        assertArrayEquals(new int[] {1, 2}, (int[]) decoder.decode(encoder.encode(new int[] {1, 2})));
        assertArrayEquals(new Point[] {new Point(1, 2, "x")},
                (Point[]) decoder.decode(encoder.encode(new Point[] {new Point(1, 2, "x")})));
        assertEquals(Thread.State.NEW, decoder.decode(encoder.encode(Thread.State.NEW)));
        assertEquals(int.class, decoder.decode(encoder.encode(int.class)));
        assertNull(decoder.decode(encoder.encode(null)));
        assertEquals("s", decoder.decode(encoder.encode("s")));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) decoder.decode(encoder.encode(new byte[] {1, 2})));
    }

    record AllKinds(boolean z, byte b, short s, char c, int i, long l, float f, double d, String text)
            implements Serializable {
    }

    record Holder(List<String> items) implements Serializable {
    }

    record Canonical(int id) implements Serializable {
        static final Canonical ONE = new Canonical(1);

        private Object readResolve() {
            return id == 1 ? ONE : this;
        }
    }

    record Plain(int id) {
    }

    record Nested(Plain first, List<Plain> more, java.util.Map<String, Plain> named) {
    }

    static final class Unserializable {
    }

    record Holds(Object thing) {
    }

    @Test
    void recordsOfEveryComponentKindRoundTripAndOthersFallBackToSerialization() {
        ObjectEncoder encoder = new ObjectEncoder();
        ObjectDecoder decoder = new ObjectDecoder();
        AllKinds all = new AllKinds(true, (byte) -1, (short) 300, 'é', -7, Long.MIN_VALUE, 1.5f, Math.PI, "héllo");
        assertEquals(all, decoder.decode(encoder.encode(all)));
        assertEquals(all, Codec.decode(encoder.encode(all)));
        AllKinds noText = new AllKinds(false, (byte) 0, (short) 0, 'a', 0, 0, 0, 0, null);
        assertEquals(noText, decoder.decode(encoder.encode(noText)));
        assertEquals(Codec.RECORD, encoder.encode(all)[0]);
        Holder holder = new Holder(List.of("a", "b"));
        assertEquals(Codec.JAVA_STREAM, encoder.encode(holder)[0]);
        assertEquals(holder, decoder.decode(encoder.encode(holder)));
        assertEquals(Codec.JAVA_STREAM, encoder.encode(new Canonical(1))[0]);
        org.junit.jupiter.api.Assertions.assertSame(Canonical.ONE, decoder.decode(encoder.encode(new Canonical(1))));
        assertThrows(NotSerializableObjectException.class, () -> encoder.encode(new Unserializable()));
    }

    @Test
    void recordsWithoutImplementsSerializableTravelAsTheyAreNestedInRecordsListsAndMaps() {
        ObjectEncoder encoder = new ObjectEncoder();
        ObjectDecoder decoder = new ObjectDecoder();
        assertEquals(new Plain(7), decoder.decode(encoder.encode(new Plain(7))));
        Nested nested = new Nested(new Plain(1), List.of(new Plain(2), new Plain(3)), Map.of("x", new Plain(4)));
        assertEquals(nested, decoder.decode(encoder.encode(nested)));
        assertEquals(nested, Codec.decode(Codec.encode(nested)));
        List<Object> shared = new ArrayList<>(List.of(nested, nested));
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) Codec.decode(Codec.encode(shared));
        org.junit.jupiter.api.Assertions.assertSame(back.get(0), back.get(1), "one record sent once, referred to twice");
        NotSerializableObjectException e = assertThrows(NotSerializableObjectException.class,
                () -> Codec.encode(new Holds(new Unserializable())));
        assertTrue(e.className().endsWith("Unserializable"), e.className());
    }

    @Test
    void objectSentTwiceIsSentInFullWithItsChanges() {
        ObjectEncoder encoder = new ObjectEncoder();
        ObjectDecoder decoder = new ObjectDecoder();
        List<String> list = new ArrayList<>(List.of("a"));
        byte[] first = encoder.encode(list);
        list.add("b");
        byte[] second = encoder.encode(list);
        Object one = decoder.decode(first);
        Object two = decoder.decode(second);
        assertEquals(List.of("a"), one);
        assertEquals(List.of("a", "b"), two);
        assertNotSame(one, two);
    }

    @Test
    void encodingsStandAloneSoAnyDecoderReadsThemInAnyOrder() {
        ObjectEncoder encoder = new ObjectEncoder();
        byte[] first = encoder.encode(new Point(1, 1, "one"));
        byte[] second = encoder.encode(new Point(2, 2, "two"));
        assertEquals(first.length, second.length, "the second repeats the class descriptor, refers to nothing");
        assertEquals(new Point(2, 2, "two"), new ObjectDecoder().decode(second));
        assertEquals(new Point(1, 1, "one"), Codec.decode(first));
    }

    @Test
    void encodingsDoNotGrowWhenTheSameObjectIsSentOften() {
        ObjectEncoder encoder = new ObjectEncoder();
        Point p = new Point(7, 7, "seven");
        int size = encoder.encode(p).length;
        for (int i = 0; i < 10_000; i++) {
            assertEquals(size, encoder.encode(p).length);
        }
    }

    @Test
    void streamsRecoverAfterAFailure() {
        ObjectEncoder encoder = new ObjectEncoder();
        ObjectDecoder decoder = new ObjectDecoder();
        assertEquals(List.of(1), decoder.decode(encoder.encode(new ArrayList<>(List.of(1)))));
        assertEquals(new Point(1, 1, "a"), decoder.decode(encoder.encode(new Point(1, 1, "a"))));
        NotSerializableObjectException e = assertThrows(NotSerializableObjectException.class,
                () -> encoder.encode(List.of(new Object())));
        assertEquals("java.lang.Object", e.className());
        byte[] good = encoder.encode(new Point(2, 2, "b"));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 5);
        assertThrows(UndecodableObjectException.class, () -> decoder.decode(truncated));
        assertEquals(new Point(2, 2, "b"), decoder.decode(good));
        byte[] list = encoder.encode(new ArrayList<>(List.of(1, 2, 3)));
        assertThrows(UndecodableObjectException.class,
                () -> decoder.decode(java.util.Arrays.copyOf(list, list.length - 5)));
        assertEquals(List.of(1, 2, 3), decoder.decode(list));
    }
}
