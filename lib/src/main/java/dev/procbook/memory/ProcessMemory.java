package dev.procbook.memory;

import java.util.OptionalLong;

/**
 * The memory of one process, in bytes, as the kernel reports it in {@code /proc/PID/smaps_rollup} or {@code smaps}.
 *
 * <p>USS is {@code privateClean + privateDirty}: what the system gets back when the process exits. PSS adds each
 * shared page divided by the number of processes mapping it. Fields the running kernel does not report are empty,
 * never zero: {@code swapPss} (Linux 4.3+), {@code pssAnon}, {@code pssFile}, {@code pssShmem} (rollup, Linux 5.8+).
 *
 * @param pid          the process
 * @param rss          resident set size
 * @param pss          proportional set size
 * @param sharedClean  resident pages shared with another process, not written
 * @param sharedDirty  resident pages shared with another process, written
 * @param privateClean resident pages mapped only here, not written
 * @param privateDirty resident pages mapped only here, written
 * @param swap         swapped-out anonymous memory
 * @param swapPss      proportional share of swap, where reported
 * @param pssAnon      PSS of anonymous memory, where reported
 * @param pssFile      PSS of file-backed memory, where reported
 * @param pssShmem     PSS of shared memory (tmpfs, {@code /dev/shm}), where reported
 */
public record ProcessMemory(long pid, long rss, long pss, long sharedClean, long sharedDirty,
                            long privateClean, long privateDirty, long swap, OptionalLong swapPss,
                            OptionalLong pssAnon, OptionalLong pssFile, OptionalLong pssShmem) {

    /** Returns the unique set size, {@code privateClean + privateDirty}. */
    public long uss() {
        return privateClean + privateDirty;
    }

    /** Returns the resident pages shared with other processes, {@code sharedClean + sharedDirty}. */
    public long shared() {
        return sharedClean + sharedDirty;
    }
}
