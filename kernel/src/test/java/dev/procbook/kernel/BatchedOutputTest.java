package dev.procbook.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchedOutputTest {

    @Test
    void writesAreHeldUntilDrainedAndThenPublishedOnce() {
        List<String> published = new ArrayList<>();
        BatchedOutput out = new BatchedOutput(published::add, () -> { });
        out.write("one\n".getBytes(StandardCharsets.UTF_8), 0, 4);
        out.write("two\n".getBytes(StandardCharsets.UTF_8), 0, 4);
        out.flush();
        assertEquals(List.of(), published);
        out.drain();
        out.drain();
        assertEquals(List.of("one\ntwo\n"), published);
    }

    @Test
    void onlyAWriteIntoAnEmptyBufferWakesTheFlusher() {
        List<String> published = new ArrayList<>();
        int[] wakes = new int[1];
        BatchedOutput out = new BatchedOutput(published::add, () -> wakes[0]++);
        out.write('a');
        out.write("bc".getBytes(StandardCharsets.UTF_8), 0, 2);
        assertEquals(1, wakes[0]);
        out.drain();
        out.write("d".getBytes(StandardCharsets.UTF_8), 0, 1);
        assertEquals(2, wakes[0]);
        out.write(new byte[0], 0, 0);
        out.drain();
        out.write(new byte[0], 0, 0); // nothing written: nothing to publish
        assertEquals(2, wakes[0]);
        assertEquals(List.of("abc", "d"), published);
    }

    @Test
    void aCharacterSplitAcrossWritesIsNeverSplitAcrossMessages() {
        List<String> published = new ArrayList<>();
        BatchedOutput out = new BatchedOutput(published::add, () -> { });
        byte[] euro = "€µ".getBytes(StandardCharsets.UTF_8);
        out.write(euro, 0, 2);
        out.drain();
        out.write(euro, 2, euro.length - 2);
        out.drain();
        assertEquals(List.of("€µ"), published);
    }

    @Test
    void completePrefixStopsBeforeAnUnfinishedCharacter() {
        byte[] s = "a€".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, BatchedOutput.completeUtf8Prefix(s));
        assertEquals(1, BatchedOutput.completeUtf8Prefix(java.util.Arrays.copyOf(s, 3)));
        assertEquals(1, BatchedOutput.completeUtf8Prefix(java.util.Arrays.copyOf(s, 2)));
        assertEquals(0, BatchedOutput.completeUtf8Prefix(new byte[0]));
    }

    @Test
    void aLargeWriteIsPublishedWithoutWaitingForTheFlusher() {
        List<String> published = new ArrayList<>();
        BatchedOutput out = new BatchedOutput(published::add, () -> { });
        byte[] big = new byte[100_000];
        java.util.Arrays.fill(big, (byte) 'x');
        out.write(big, 0, big.length);
        assertEquals(1, published.size());
        assertEquals(100_000, published.get(0).length());
    }
}
