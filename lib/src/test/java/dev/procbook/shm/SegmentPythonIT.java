package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.NoLeftovers;
import dev.procbook.process.PythonProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Python's multiprocessing.shared_memory and numpy attach our segments by name, and we attach theirs. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class SegmentPythonIT {

    /** Attaches by name, tells the resource tracker it is not ours, sums as int64, writes one element. */
    static final String PYTHON_ATTACHES = """
            import sys
            import numpy as np
            from multiprocessing import shared_memory, resource_tracker
            shm = shared_memory.SharedMemory(name=sys.argv[1])
            if sys.argv[2] == "untrack":
                resource_tracker.unregister(shm._name, "shared_memory")
            a = np.ndarray((shm.size // 8,), dtype=np.int64, buffer=shm.buf)
            print(int(a.sum()))
            a[0] = 1000
            del a
            shm.close()
            """;

    static final String PYTHON_CREATES = """
            import sys
            import numpy as np
            from multiprocessing import shared_memory
            n = int(sys.argv[2])
            shm = shared_memory.SharedMemory(name=sys.argv[1], create=True, size=n * 8)
            a = np.ndarray((n,), dtype=np.float64, buffer=shm.buf)
            a[:] = np.arange(n, dtype=np.float64)
            print("ready", shm.name, shm.size)
            sys.stdin.readline()
            print("python sees", a[0])
            del a
            shm.close()
            shm.unlink()
            """;

    @Test
    void pythonAttachesOurSegmentByNameAndSumsItWithNumpy() {
        String name = SharedSegmentTest.uniqueName("py-attach");
        try (SharedSegment s = SharedSegment.create(name, 8 * 1000)) {
            for (int i = 0; i < 1000; i++) {
                s.longs().set(i, i);
            }
            List<String> out;
            try (PythonProcess py = PythonProcess.start(PYTHON_ATTACHES, name, "untrack")) {
                out = py.finish();
                assertFalse(py.errors().contains("leaked"), py.errors());
            }
            assertEquals(List.of(Long.toString(999L * 1000 / 2)), out);
            assertEquals(1000, s.longs().get(0), "python's write is seen here");
            assertTrue(Files.exists(s.path()), "python's resource tracker left the segment alone");
        }
    }

    @Test
    void pythonsResourceTrackerUnlinksASegmentItAttachedUnlessToldNotTo() {
        String name = SharedSegmentTest.uniqueName("py-tracker");
        try (SharedSegment s = SharedSegment.create(name, 4096)) {
            try (PythonProcess py = PythonProcess.start(PYTHON_ATTACHES, name, "track")) {
                py.finish();
            }
            // Python 3.11 registers attached segments too, and its tracker unlinks them at exit (bpo-39959)
            assertFalse(Files.exists(s.path()), "python's tracker unlinked a segment it did not create");
        }
    }

    @Test
    void weAttachASegmentPythonCreatedAndPythonSeesOurWrite() {
        String name = SharedSegmentTest.uniqueName("py-create");
        try (PythonProcess py = PythonProcess.start(PYTHON_CREATES, name, "1000")) {
            String ready = py.expect("ready");
            assertEquals("ready " + name + " 8000", ready);
            try (SharedSegment s = SharedSegment.attach(name, 8000)) {
                assertFalse(s.isOwner());
                assertEquals(999.0 * 1000 / 2, s.doubles().sum());
                s.doubles().set(0, -1.5);
            }
            py.send("go");
            assertEquals("python sees -1.5", py.readLine());
            py.finish();
        }
        assertFalse(Files.exists(Path.of("/dev/shm", name)), "python unlinked what it created");
    }
}
