package dev.procbook.kernel.magic;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of the whole kernel process (all threads, JIT and GC included), split into user and system time
 * where {@code /proc/self/stat} gives it.
 */
record CpuClock(long userNanos, long systemNanos) {

    /** Clock ticks per second of {@code /proc/PID/stat}; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

    static CpuClock now() {
        try {
            return parseStat(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException | RuntimeException e) {
            var os = ManagementFactory.getOperatingSystemMXBean();
            long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
            return new CpuClock(total, 0);
        }
    }

    /** Reads utime and stime (fields 14 and 15) from a {@code /proc/PID/stat} line. */
    static CpuClock parseStat(String stat) {
        String afterName = stat.substring(stat.lastIndexOf(')') + 2);
        String[] fields = afterName.trim().split("\\s+");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        long nanosPerTick = 1_000_000_000L / TICKS_PER_SECOND;
        return new CpuClock(utime * nanosPerTick, stime * nanosPerTick);
    }

    CpuClock minus(CpuClock earlier) {
        return new CpuClock(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
    }
}
