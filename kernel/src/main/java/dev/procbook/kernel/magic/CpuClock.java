package dev.procbook.kernel.magic;

import dev.procbook.memory.ProcessCpuTime;
import java.lang.management.ManagementFactory;

/**
 * The CPU time of the whole kernel process (all threads, JIT and GC included), split into user and system time
 * where {@code /proc/self/stat} gives it.
 */
record CpuClock(long userNanos, long systemNanos) {

    static CpuClock now() {
        try {
            return of(ProcessCpuTime.of(ProcessHandle.current().pid()));
        } catch (RuntimeException e) {
            var os = ManagementFactory.getOperatingSystemMXBean();
            long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            return new CpuClock(total, 0);
        }
    }

    /** Reads utime and stime (fields 14 and 15) from a {@code /proc/PID/stat} line, with lib's /proc parser. */
    static CpuClock parseStat(String stat) {
        return of(ProcessCpuTime.parse(stat, "/proc/self/stat"));
    }

    private static CpuClock of(ProcessCpuTime t) {
        return new CpuClock(t.userNanos(), t.systemNanos());
    }

    CpuClock minus(CpuClock earlier) {
        return new CpuClock(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
    }
}
