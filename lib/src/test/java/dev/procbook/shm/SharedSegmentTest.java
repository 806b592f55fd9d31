package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.NoLeftovers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftovers.class)
class SharedSegmentTest {

    private static final AtomicInteger IDS = new AtomicInteger();

    static String uniqueName(String what) {
        return "procbook-test-" + ProcessHandle.current().pid() + "-" + what + "-" + IDS.incrementAndGet();
    }

    @Test
    void nameIsTheFileInDevShmAsPythonNamesIt() {
        String name = uniqueName("file");
        try (SharedSegment s = SharedSegment.create(name, 4096)) {
            assertEquals(Path.of("/dev/shm", name), s.path());
            assertTrue(Files.isRegularFile(s.path()));
            assertEquals(4096, s.size());
            assertTrue(s.isOwner());
        }
        assertFalse(Files.exists(Path.of("/dev/shm", name)), "creator's close unlinks");
    }

    @Test
    void attachSeesWhatTheCreatorWroteAndWritesBack() {
        String name = uniqueName("rw");
        try (SharedSegment created = SharedSegment.create(name, 1 << 20)) {
            created.longs().set(7, 42);
            try (SharedSegment attached = SharedSegment.attach(name)) {
                assertFalse(attached.isOwner());
                assertEquals(42, attached.longs().get(7));
                attached.doubles().set(0, 2.5);
            }
            assertEquals(2.5, created.doubles().get(0));
            assertTrue(Files.exists(created.path()), "an attacher's close does not unlink");
        }
    }

    @Test
    void typedViewsShareOneNativeOrderLayout() {
        try (SharedSegment s = SharedSegment.create(uniqueName("views"), 64)) {
            s.longs().set(0, 0x0000000200000001L);
            assertEquals(1, s.ints().get(0));
            assertEquals(2, s.ints().get(1));
            assertEquals(1, s.bytes().get(0));
            assertEquals(8, s.longs().length());
            assertEquals(16, s.ints().length());
            s.ints().fill(3);
            assertEquals(48, s.ints().sum());
            s.bytes().fill((byte) 0xFF);
            assertEquals(64 * 255, s.bytes().sum());
            byte[] out = new byte[3];
            s.bytes().write(10, new byte[] {1, 2, 3});
            s.bytes().read(10, out, 0, 3);
            assertEquals(6, out[0] + out[1] + out[2]);
        }
    }

    @Test
    void segmentsOver2GiBAreIndexedByLongOnJdk17() {
        long size = 3L << 30; // tmpfs allocates only the pages touched
        try (SharedSegment s = SharedSegment.create(uniqueName("big"), size)) {
            LongView longs = s.longs();
            long last = longs.length() - 1;
            longs.set(last, 99);
            longs.set(SegmentDescriptor.PIECE_BYTES / 8 - 1, 1);  // the last long of the first piece
            longs.set(SegmentDescriptor.PIECE_BYTES / 8, 2);      // the first of the second
            try (SharedSegment a = SharedSegment.attach(s.name(), size)) {
                assertEquals(99, a.longs().get(last));
                assertEquals(1, a.longs().get(SegmentDescriptor.PIECE_BYTES / 8 - 1));
                assertEquals(2, a.longs().get(SegmentDescriptor.PIECE_BYTES / 8));
            }
            byte[] across = new byte[16];
            s.bytes().read(SegmentDescriptor.PIECE_BYTES - 8, across, 0, 16);
            assertEquals(1, across[0]);
            assertEquals(2, across[8]);
        }
    }

    @Test
    void aMissingSegmentIsNamedInTheError() {
        String name = uniqueName("missing");
        SegmentNotFoundException e = assertThrows(SegmentNotFoundException.class, () -> SharedSegment.attach(name));
        assertTrue(e.getMessage().contains("name=" + name), e.getMessage());
        assertEquals(name, e.name());
    }

    @Test
    void aSizeMismatchGivesBothSizes() {
        try (SharedSegment s = SharedSegment.create(uniqueName("size"), 8192)) {
            SegmentSizeMismatchException e = assertThrows(SegmentSizeMismatchException.class,
                    () -> SharedSegment.attach(s.name(), 4096));
            assertEquals(4096, e.expected());
            assertEquals(8192, e.actual());
            assertTrue(e.getMessage().contains("expected=4096, actual=8192"), e.getMessage());
        }
    }

    @Test
    void namesWithSlashesOrTooLongAreRefusedClearly() {
        InvalidSegmentNameException slash = assertThrows(InvalidSegmentNameException.class,
                () -> SharedSegment.create("a/b", 4096));
        assertTrue(slash.getMessage().contains("contains '/'"), slash.getMessage());
        InvalidSegmentNameException leading = assertThrows(InvalidSegmentNameException.class,
                () -> SharedSegment.attach("/x"));
        assertEquals("/x", leading.name());
        InvalidSegmentNameException longName = assertThrows(InvalidSegmentNameException.class,
                () -> SharedSegment.create("x".repeat(256), 4096));
        assertTrue(longName.getMessage().contains("too long: bytes=256, max=255"), longName.getMessage());
        assertThrows(InvalidSegmentNameException.class, () -> SharedSegment.create("", 4096));
        assertThrows(InvalidSegmentNameException.class, () -> SharedSegment.create("procbook-owner-1-2", 4096));
        assertThrows(InvalidSegmentNameException.class, () -> SharedSegment.create("..", 4096));
    }

    @Test
    void creatingAnExistingNameFails() {
        try (SharedSegment s = SharedSegment.create(uniqueName("twice"), 4096)) {
            SegmentExistsException e = assertThrows(SegmentExistsException.class,
                    () -> SharedSegment.create(s.name(), 4096));
            assertEquals(s.name(), e.name());
        }
    }

    @Test
    void aClosedSegmentRefusesAccessInsteadOfCrashing() {
        SharedSegment s = SharedSegment.create(uniqueName("closed"), 4096);
        LongView longs = s.longs();
        SharedCounter counter = s.counter(0);
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> longs.get(0));
        assertThrows(IllegalStateException.class, counter::incrementAndGet);
    }

    @Test
    void outOfRangeIndexesAndMisalignedWordsAreRefused() {
        try (SharedSegment s = SharedSegment.create(uniqueName("range"), 4096)) {
            assertThrows(IndexOutOfBoundsException.class, () -> s.longs().get(512));
            assertThrows(IndexOutOfBoundsException.class, () -> s.ints().set(-1, 0));
            assertThrows(IllegalArgumentException.class, () -> s.counter(4));
            assertThrows(IllegalArgumentException.class, () -> s.lock(4096));
        }
    }

    @Test
    void theCreatorIsRecordedInItsLeaseUntilUnlink() {
        long pid = ProcessHandle.current().pid();
        try (SharedSegment s = SharedSegment.create(uniqueName("lease"), 4096)) {
            assertTrue(AbandonedSegments.ownedBy(pid).contains(s.name()));
            assertTrue(Files.exists(SegmentOwners.ownLease()));
            assertFalse(SegmentOwners.isAbandoned(SegmentOwners.ownLease().getFileName().toString()));
        }
        assertFalse(AbandonedSegments.ownedBy(pid).stream().anyMatch(n -> n.contains("-lease-")));
    }

    @Test
    void theExitHookUnlinksWhatThisProcessStillOwnsButNotANameTakenAgain() throws java.io.IOException {
        String kept = uniqueName("left-open");
        String replaced = uniqueName("replaced");
        SharedSegment leftOpen = SharedSegment.create(kept, 4096);
        SharedSegment replacedOne = SharedSegment.create(replaced, 4096);
        Files.delete(replacedOne.path());
        Files.write(replacedOne.path(), new byte[] {1});          // another file under the same name now
        SegmentOwners.unlinkOwned();                                // what the shutdown hook runs
        assertFalse(Files.exists(leftOpen.path()));
        assertTrue(Files.exists(replacedOne.path()), "a name taken again is not ours to unlink");
        assertFalse(Files.exists(SegmentOwners.ownLease()));
        Files.delete(replacedOne.path());
        leftOpen.close();
        replacedOne.close();
    }

    @Test
    void aCounterAndALockWorkInOneProcess() {
        try (SharedSegment s = SharedSegment.create(uniqueName("counter"), 4096)) {
            SharedCounter c = s.counter(0);
            assertEquals(1, c.incrementAndGet());
            assertEquals(11, c.addAndGet(10));
            assertTrue(c.compareAndSet(11, 5));
            assertEquals(5, c.get());
            SharedLock lock = s.lock(8);
            try (SharedLock.Held held = lock.acquire()) {
                assertEquals(ProcessHandle.current().pid(), lock.holderPid());
                assertTrue(lock.tryAcquire().isEmpty());
            }
            assertEquals(0, lock.holderPid());
        }
    }

    @Test
    void aPrivateMappingCopiesOnWriteAndLeavesTheSegmentAlone() {
        try (SharedSegment s = SharedSegment.create(uniqueName("cow"), 1 << 20);
             PrivateMapping m = s.mapPrivate()) {
            s.longs().fill(1);
            assertEquals(s.longs().length(), m.longs().sum());
            m.longs().set(0, 100);
            assertEquals(100, m.longs().get(0));
            assertEquals(1, s.longs().get(0), "the segment does not see a private write");
            s.longs().set(1000, 7); // a page this mapping has not written still shows the segment's bytes
            assertEquals(7, m.longs().get(1000));
        }
    }
}
