package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Errors of the memory readers and the sampler that name their condition, on this machine's real /proc. */
class ProcessErrorsTest {

    /** Above any pid_max Linux allows (2^22), so no process ever had it. */
    private static final long NEVER_A_PID = 999_999_999L;

    @Test
    void readOfAPidThatNeverExistedSaysNoSuchProcess() {
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> reader.read(NEVER_A_PID));
            assertEquals("no such process: pid=" + NEVER_A_PID, e.getMessage());
        }
    }

    @Test
    void samplerOfAPidThatDoesNotExistFailsAtStart() {
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                () -> MemorySampler.start(NEVER_A_PID, Duration.ofMillis(100)));
        assertEquals(NEVER_A_PID, e.pid());
    }

    @Test
    void samplerRefusesAnIntervalBelowAMillisecond() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemorySampler.start(Duration.ofNanos(1)));
        assertEquals("interval too short: interval=PT0.000000001S, minimum=PT0.001S", e.getMessage());
        try (MemorySampler s = MemorySampler.start(Duration.ofMillis(1))) {
            assertTrue(s.isRunning());
        }
    }

    @Test
    void permissionHintForACallerWithPtraceCapabilityDoesNotAskForIt() {
        String hint = PtraceAccess.explain(1, 0, true, 0, -1);
        assertTrue(hint.contains("with CAP_SYS_PTRACE, so ptrace permission is not what is missing"), hint);
        assertTrue(hint.contains("security module"), hint);
    }

    @Test
    void permissionHintForAnotherUsersProcessNamesBothUids() {
        String hint = PtraceAccess.explain(42, 1000, false, 0, 1);
        assertEquals("pid 42 runs as uid=0 and this process as uid=1000 without CAP_SYS_PTRACE: run as uid 0 or root, "
                + "or grant CAP_SYS_PTRACE", hint);
    }

    @Test
    void permissionHintForTheSameUserBlamesDumpabilityOrYama() {
        String hint = PtraceAccess.explain(42, 1000, false, 1000, 1);
        assertTrue(hint.contains("Yama ptrace_scope=1"), hint);
        assertTrue(hint.contains("undumpable"), hint);
        assertTrue(PtraceAccess.explain(42, 0, true, 0, 3).startsWith("Yama ptrace_scope=3 forbids"));
    }

    @Test
    void statusFieldsAreParsedForUidAndPtraceCapability() {
        List<String> root = """
                Name:\tjava
                Uid:\t0\t0\t0\t0
                CapEff:\t000001fffeffffff
                """.lines().toList();
        List<String> user = """
                Uid:\t1000\t1000\t1000\t1000
                CapEff:\t0000000000000000
                """.lines().toList();
        assertEquals(0, PtraceAccess.realUid(root));
        assertTrue(PtraceAccess.hasPtraceCapability(root));
        assertEquals(1000, PtraceAccess.realUid(user));
        assertFalse(PtraceAccess.hasPtraceCapability(user));
    }

    @Test
    void refusedReadOfPidOneGivesAHintTrueToThisProcess() throws Exception {
        Path rollup = ProcPaths.system().smapsRollup(1);
        boolean refused;
        try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
            reader.read(1);
            refused = false;
        } catch (ProcessAccessDeniedException e) {
            refused = true;
            boolean capable = PtraceAccess.hasPtraceCapability(Files.readAllLines(ProcPaths.system().selfStatus()));
            assertEquals(capable, e.getMessage().contains("ptrace permission is not what is missing"), e.getMessage());
            assertTrue(e.getMessage().startsWith("permission denied: pid=1, file=" + rollup + " ("), e.getMessage());
        }
        System.out.println("read of pid 1 refused here: " + refused);
    }
}
