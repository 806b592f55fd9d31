package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.NoLeftovers;
import dev.procbook.process.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tech.tablesaw.api.Table;

@ExtendWith(NoLeftovers.class)
@Timeout(120)
class MemoryByRoleIT {

    @Test
    void eachProcessIsReadUnderItsRoleAndAWorkerHoldingMoreWeighsMore() {
        try (Worker small = Worker.start(); Worker big = Worker.start()) {
            big.call(() -> {
                Holder.kept = new byte[64 << 20];
                java.util.Arrays.fill(Holder.kept, (byte) 1);
                return 0;
            });
            Table t = MemoryByRole.of().add("this", ProcessHandle.current().pid())
                    .addAll("worker", List.of(small.pid(), big.pid())).measure("now");
            assertEquals(List.of("this", "worker 1", "worker 2"), t.stringColumn("process").asList());
            double smallPss = t.doubleColumn("pss_mib").get(1);
            double bigPss = t.doubleColumn("pss_mib").get(2);
            assertTrue(bigPss > smallPss + 60, "64 MiB written in one worker: " + smallPss + " vs " + bigPss);
            assertTrue(t.doubleColumn("uss_mib").get(2) <= t.doubleColumn("pss_mib").get(2)
                    && t.doubleColumn("pss_mib").get(2) <= t.doubleColumn("rss_mib").get(2));
        }
    }

    @Test
    void aProcessThatExitedIsNotReadAsZero() throws Exception {
        long pid;
        try (Worker w = Worker.start()) {
            pid = w.pid();
        }
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        assertThrows(ProcessExitedException.class, () -> MemoryByRole.of().add("gone", pid).measure("after"));
    }

    /** Where a worker keeps what it wrote. */
    static final class Holder {
        static byte[] kept;
    }
}
