package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class MemoryProfilerTest {

    private static Object keep;
    /** Touched buffers stay referenced until the class is done, so no GC frees them during another measurement. */
    private static final List<ByteBuffer> RETAINED = new ArrayList<>();

    @Test
    void allocatingStatementShowsAnIncrementOfItsSize() {
        List<String> executed = new ArrayList<>();
        // The heap may already hold resident pages from earlier tests, so RSS growth is shown with fresh
        // off-heap pages (a 64 MiB direct buffer is its own mmap), heap growth with a new array. Earlier tests' garbage
        // is collected first: a collection that the array's allocation set off would free it and hide part of the array.
        System.gc();
        LineProfile p = MemoryProfiler.profile(List.of("keep = new byte[64 MiB]", "touch 64 MiB off the heap",
                        "keep = null"),
                s -> {
                    executed.add(s);
                    if (s.startsWith("keep = new")) {
                        keep = new byte[64 << 20];
                    } else if (s.startsWith("touch")) {
                        RETAINED.add(touchedDirectBuffer(64 << 20));
                    } else {
                        keep = null;
                    }
                });
        assertEquals(3, executed.size());
        assertTrue(p.lines().get(1).rssIncrement() > 60L << 20, "RSS grew by the touched buffer: " + p.lines().get(1));
        assertTrue(p.lines().get(0).heapIncrement() > 60L << 20, "heap grew: " + p.lines().get(0));
    }

    @Test
    void textHasMemoryProfilersHeaderAndRows() {
        LineProfile p = new LineProfile(List.of(
                new LineProfile.Line(1, "var a = 1;", (543L << 20) / 10, 0, 10L << 20, 0),
                new LineProfile.Line(2, "var b = new long[1];\nb[0] = 2;", 2072L << 20, 2017L << 20, 10L << 20, 1)));
        String text = p.toMemoryProfilerText();
        String[] lines = text.split("\n");
        assertEquals("Line #    Mem usage    Increment   Line Contents", lines[0]);
        assertEquals("=".repeat(48), lines[1]);
        assertEquals("     2   2072.0 MiB   2017.0 MiB   var b = new long[1];", lines[4]);
        assertEquals("     3                             b[0] = 2;", lines[5]);
        assertTrue(p.toText().startsWith("Line #    Mem usage    Increment    Heap used   Heap incr.   Line Contents"));
        assertEquals(2, p.toTable().rowCount());
    }

    @Test
    void failingStatementStopsTheProfile() {
        assertThrows(IllegalStateException.class, () -> MemoryProfiler.profile(List.of("a", "b"), s -> {
            throw new IllegalStateException(s);
        }));
    }

    @Test
    void memitSeesAPeakThatIsGoneAfterwards() {
        Memit.Result r = Memit.measure(() -> RETAINED.add(touchedDirectBuffer(128 << 20)));
        assertTrue(r.increment() > 100L << 20, r.toString());
        assertTrue(r.toString().matches("peak memory: \\d+\\.\\d\\d MiB, increment: \\d+\\.\\d\\d MiB"), r.toString());
    }

    /**
     * Right after a collection, G1 gives the heap it freed back to the system on a thread of its own, from about 100 ms
     * after it, for a few hundred more: measured then, memit read 46, 75, 16 and 92 MiB for 128 MiB touched.
     */
    @Test
    void memitRightAfterACollectionCountsAllTheCodeTouched() {
        for (int round = 0; round < 3; round++) {
            List<byte[]> garbage = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                garbage.add(new byte[8 << 20]);
            }
            garbage.clear();
            System.gc();
            Memit.Result r = Memit.measure(() -> RETAINED.add(touchedDirectBuffer(128 << 20)));
            assertTrue(r.increment() > 120L << 20, "round " + round + ": " + r);
        }
    }

    @Test
    void mprofRecordsThisJvmWhileCodeRuns() throws Exception {
        Mprof.Result r = Mprof.run(() -> sleep(300), Duration.ofMillis(50));
        long pid = ProcessHandle.current().pid();
        assertTrue(r.sampling().processes().longColumn("pid").contains(pid));
        assertTrue(r.sampling().system().rowCount() >= 3, "samples: " + r.sampling().system().rowCount());
        assertTrue(r.chart().getSeriesMap().size() >= 1);
        assertTrue(r.sumChart().getSeriesMap().size() >= 1);
    }

    @AfterAll
    static void releaseBuffers() {
        RETAINED.clear();
    }

    private static ByteBuffer touchedDirectBuffer(int bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
        for (int i = 0; i < bytes; i += 4096) {
            buffer.put(i, (byte) 1);
        }
        return buffer;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
