package dev.procbook.memory;

/**
 * A process as listed in {@code /proc}: its pid, its parent, its state letter and its command line.
 *
 * @param pid     the process id
 * @param ppid    the parent's process id
 * @param state   the state letter from {@code /proc/PID/stat} ({@code R}, {@code S}, {@code Z} for a zombie, ...)
 * @param command the command line with arguments joined by spaces, or {@code [comm]} when it has none
 */
public record ProcessEntry(long pid, long ppid, char state, String command) {
}
