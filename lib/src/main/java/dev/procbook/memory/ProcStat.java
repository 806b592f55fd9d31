package dev.procbook.memory;

import java.nio.charset.StandardCharsets;

/**
 * The fields of {@code /proc/PID/stat} this package uses, parsed from its bytes without making strings; reused from
 * one read to the next.
 *
 * <p>The command name may hold spaces and parentheses, so it ends at the last {@code ')'}. Fields after the parent
 * pid are optional ({@code -1} when absent), since only pid, state and parent have always been required.
 */
final class ProcStat {

    long pid;
    /** The command name is {@code text[commStart, commEnd)} of the text last parsed. */
    int commStart;
    int commEnd;
    char state;
    long ppid;
    /** Fields 14 and 15, the user and system CPU time in clock ticks, or -1. */
    long utime;
    long stime;
    /** Field 20, the number of threads, or -1. */
    long threads;
    /** Field 22, the start time in clock ticks after boot, or -1: with the pid, it names one process for good. */
    long startTime;

    /**
     * Parses the first {@code length} bytes of {@code text}.
     *
     * @throws ProcParseException if the text does not have the shape {@code pid (comm) state ppid ...}
     */
    void parse(byte[] text, int length) {
        int open = 0;
        while (open < length && text[open] != '(') {
            open++;
        }
        int close = length - 1;
        while (close >= 0 && text[close] != ')') {
            close--;
        }
        if (open < 1 || open == length || close < open || close + 4 >= length) {
            throw malformed(text, length);
        }
        pid = number(text, 0, open, length);
        commStart = open + 1;
        commEnd = close;
        state = (char) (text[close + 2] & 0xff);
        int ppidEnd = close + 4;
        while (ppidEnd < length && text[ppidEnd] != ' ') {
            ppidEnd++;
        }
        ppid = number(text, close + 4, ppidEnd, length);
        utime = -1;
        stime = -1;
        threads = -1;
        startTime = -1;
        // the state is field 3 and the parent field 4; count the fields after it
        int field = 5;
        for (int p = ppidEnd; p < length && field <= 22; field++) {
            int start = p + 1;
            int end = start;
            while (end < length && text[end] != ' ' && text[end] != '\n') {
                end++;
            }
            if (field == 14) {
                utime = optional(text, start, end);
            } else if (field == 15) {
                stime = optional(text, start, end);
            } else if (field == 20) {
                threads = optional(text, start, end);
            } else if (field == 22) {
                startTime = optional(text, start, end);
            }
            if (end >= length || text[end] != ' ') {
                break;
            }
            p = end;
        }
    }

    /** The number in {@code text[start, end)}, which the shape of the line requires. */
    private static long number(byte[] text, int start, int end, int length) {
        long value = ProcNumbers.decimal(text, start, end);
        if (value == ProcNumbers.NOT_A_NUMBER) {
            throw malformed(text, length);
        }
        return value;
    }

    /** The number {@code text[start, end)} of an optional field, or -1 if it is not one. */
    private static long optional(byte[] text, int start, int end) {
        long value = ProcNumbers.decimal(text, start, end);
        return value == ProcNumbers.NOT_A_NUMBER ? -1 : value;
    }

    private static ProcParseException malformed(byte[] text, int length) {
        return new ProcParseException("stat", 1, new String(text, 0, length, StandardCharsets.ISO_8859_1),
                "expected 'pid (comm) state ppid ...'");
    }
}
