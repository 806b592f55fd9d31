package dev.procbook.memory;

import java.nio.charset.StandardCharsets;

/**
 * The CPU time a process has used, all its threads together, split into user and system time as
 * {@code /proc/PID/stat} gives it (fields 14 and 15, in clock ticks of 10 ms).
 * {@code ProcessCpuTime before = ProcessCpuTime.of(ProcessHandle.current().pid());}
 *
 * @param userNanos   time spent in user mode
 * @param systemNanos time spent in the kernel on the process's behalf
 */
public record ProcessCpuTime(long userNanos, long systemNanos) {

    /** Clock ticks per second of {@code /proc/PID/stat}; 100 on every Linux this runs on. */
    private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

    /**
     * Reads the CPU time of {@code pid} now.
     *
     * @throws ProcessExitedException if the process has exited
     * @throws ProcParseException     if its stat file lacks the two fields
     */
    public static ProcessCpuTime of(long pid) {
        return parse(ProcText.readBytes(pid, ProcPaths.system().stat(pid)), "/proc/" + pid + "/stat");
    }

    /**
     * Parses the text of a {@code /proc/PID/stat} file.
     *
     * @throws ProcParseException naming {@code file} if it lacks the two fields
     */
    public static ProcessCpuTime parse(String stat, String file) {
        return parse(stat.getBytes(StandardCharsets.ISO_8859_1), file);
    }

    private static ProcessCpuTime parse(byte[] text, String file) {
        ProcStat s = new ProcStat();
        s.parse(text, text.length);
        if (s.utime < 0 || s.stime < 0) {
            throw new ProcParseException(file, 1, new String(text, StandardCharsets.ISO_8859_1).strip(),
                    "no utime and stime (fields 14 and 15)");
        }
        return new ProcessCpuTime(s.utime * NANOS_PER_TICK, s.stime * NANOS_PER_TICK);
    }

    /** The time used since {@code earlier}. */
    public ProcessCpuTime minus(ProcessCpuTime earlier) {
        return new ProcessCpuTime(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
    }
}
