package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.procbook.testing.Await;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real {@code smem}, where it is installed, reading a real process beside {@link ProcessMemoryReader}. */
class SmemIT {

    private static final long SLACK = 256 << 10;

    @Test
    void smemSeesTheProcessWeReadWithTheSameResidentAndUniquePages() throws Exception {
        assumeTrue(Smem.isInstalled(), "smem is not installed here (apt-get install smem): nothing to compare");
        String tag = "procbook-smem-it-" + ProcessHandle.current().pid();
        // a shell waiting on its stdin, named by its last argument; not a Python, whose interpreter pages smem's own
        // Python would share while it reads, moving them out of the process's unique set
        Process p = new ProcessBuilder("sh", "-c", "read x", tag).start();
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            Await.until("the shell to run", () -> ProcessTree.tryEntry(ProcPaths.system(), p.pid())
                    .map(e -> e.command().contains(tag)).orElse(false));
            ProcessMemory before = reader.read(p.pid());
            Map<Long, SmemFigures> byPid = Smem.read(tag);
            ProcessMemory after = reader.read(p.pid());
            SmemFigures theirs = byPid.get(p.pid());
            assertNotNull(theirs, () -> "smem did not list pid " + p.pid() + ": " + byPid);
            assertEquals(p.pid(), theirs.pid());
            assertTrue(near(theirs.rss(), before.rss(), after.rss()), () -> "rss: " + theirs + ", ours " + after);
            assertTrue(near(theirs.uss(), before.uss(), after.uss()), () -> "uss: " + theirs + ", ours " + after);
            assertTrue(theirs.uss() <= theirs.pss() && theirs.pss() <= theirs.rss(), theirs::toString);
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Whether smem's figure lies within {@link #SLACK} of ours read just before and just after it. */
    private static boolean near(long theirs, long before, long after) {
        return theirs >= Math.min(before, after) - SLACK && theirs <= Math.max(before, after) + SLACK;
    }

}
