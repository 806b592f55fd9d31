package dev.procbook.memory;

/**
 * What Debian's {@code smem} reports for one process, in bytes ({@code smem} prints KiB).
 *
 * @param pid the process
 * @param pss proportional set size
 * @param rss resident set size
 * @param uss unique set size: the pages only this process maps
 */
public record SmemFigures(long pid, long pss, long rss, long uss) {
}
