package dev.procbook.shm;

import java.util.List;

/**
 * Segments and frames whose creator died without unlinking them (a kernel killed with {@code kill -9}, say): each
 * creating process keeps a lease in /dev/shm naming its pid, its start time and what it created, and a lease whose
 * process is gone is abandoned. The kernel reclaims them when it starts, and {@code ./procbook clean} runs
 * {@link #main(String[])}.
 */
public final class AbandonedSegments {

    private AbandonedSegments() {
    }

    /**
     * Unlinks the segments and frames of every abandoned lease, and the leases; returns the names unlinked. Segments
     * of living processes and segments Procbook did not create are left alone.
     *
     * @throws java.io.UncheckedIOException if /dev/shm cannot be listed
     */
    public static List<String> reclaim() {
        return SegmentOwners.reclaimAbandoned();
    }

    /** The names of the segments and frames that process {@code pid} created and has not unlinked. */
    public static List<String> ownedBy(long pid) {
        return SegmentOwners.leasedBy(pid);
    }

    /** Reclaims abandoned segments and prints one line a name unlinked, then a count. */
    public static void main(String[] args) {
        List<String> names = reclaim();
        names.forEach(n -> System.out.println("unlinked /dev/shm/" + n));
        System.out.println("procbook clean: " + names.size() + " abandoned segment(s) unlinked");
    }
}
