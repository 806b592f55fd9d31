package dev.procbook.memory;

/**
 * System-wide memory from {@code /proc/meminfo}, in bytes, with the same meanings as psutil's
 * {@code virtual_memory()} and glances' {@code mem} plugin.
 *
 * @param total     {@code MemTotal}
 * @param available {@code MemAvailable}: what can be allocated without swapping
 * @param free      {@code MemFree}: not used for anything, not even cache
 * @param cached    {@code Cached + SReclaimable}
 * @param buffers   {@code Buffers}
 * @param shared    {@code Shmem}: tmpfs and shared memory, including {@code /dev/shm}
 */
public record SystemMemory(long total, long available, long free, long cached, long buffers, long shared) {

    /** Returns {@code total - available}. */
    public long used() {
        return total - available;
    }
}
