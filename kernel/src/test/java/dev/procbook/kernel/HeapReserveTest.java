package dev.procbook.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapReserveTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void theReserveIsASixteenthOfTheHeapBetween8And64MiB() {
        assertEquals(8 * MIB, HeapReserve.forHeap(64 * MIB).bytes());
        assertEquals(16 * MIB, HeapReserve.forHeap(256 * MIB).bytes());
        assertEquals(16 * MIB, HeapReserve.forHeap(6L * 1024 * MIB).bytes());
    }

    @Test
    void aReserveLetGoIsTakenAgainWhenTheHeapHasRoom() {
        HeapReserve reserve = HeapReserve.forHeap(64 * MIB);
        assertFalse(reserve.held());
        assertTrue(reserve.restore());
        assertTrue(reserve.held());
        reserve.release();
        reserve.release();
        assertFalse(reserve.held());
        assertTrue(reserve.restore());
        assertTrue(reserve.held());
    }

    @Test
    void aReserveLargerThanTheRoomLeftIsNotTaken() {
        HeapReserve tooBig = HeapReserve.forHeap(Long.MAX_VALUE);
        assertEquals(16 * MIB, tooBig.bytes());
        HeapReserve wholeHeap = HeapReserve.ofBytes(Runtime.getRuntime().maxMemory());
        assertFalse(wholeHeap.restore());
        assertFalse(wholeHeap.held());
    }
}
