package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.NoLeftovers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The memory check: this process and 2 pool workers holding an attached 256 MiB frame cost at most
 * 1.15 x (the frame + the same setup without it) in PSS, and copies cost about three times the data. "The same setup
 * without it" is {@link SharingExperiment.Way#BASELINE}: the same table built here, the same pool attaching and
 * summing a frame, but a frame of no rows.
 */
@ExtendWith(NoLeftovers.class)
@Timeout(600)
class SharingExperimentIT {

    private static final long BYTES = 256L << 20;

    @Test
    void anAttachedFrameCostsOneCopyAndSerializedCopiesCostThree() {
        Duration interval = Duration.ofMillis(200);
        SharingExperiment.Result baseline = SharingExperiment.run(SharingExperiment.Way.BASELINE, BYTES, interval);
        SharingExperiment.Result frame = SharingExperiment.run(SharingExperiment.Way.SHARED_FRAME, BYTES, interval);
        SharingExperiment.Result cow = SharingExperiment.run(SharingExperiment.Way.COPY_ON_WRITE, BYTES, interval);
        SharingExperiment.Result copied = SharingExperiment.run(SharingExperiment.Way.COPIED, BYTES, interval);
        System.out.println(SharingExperiment.totals(List.of(baseline, frame, cow, copied)).print());

        long expectedSum = 0;
        for (int i = 0; i < BYTES / 8; i++) {
            expectedSum += i % 1000;
        }
        for (SharingExperiment.Result r : List.of(frame, cow, copied)) {
            assertEquals(List.of(expectedSum, expectedSum), r.workerSums(), r.way().name());
        }
        double bound = 1.15 * (frame.dataBytes() + baseline.totalPss());
        assertTrue(frame.totalPss() <= bound, "attached frame: totalPss=" + frame.totalPss() + " > bound=" + bound);
        double copies = (double) (copied.totalPss() - baseline.totalPss()) / copied.dataBytes();
        double perWorker = (copied.workersPss() - baseline.workersPss()) / 2.0 / copied.dataBytes();
        double kernel = (double) (copied.kernelPss() - baseline.kernelPss()) / copied.dataBytes();
        // each process holds its copy and no more: a worker not the encoded task too, none the freed heap
        assertTrue(perWorker > 0.9 && perWorker < 1.15, "a worker holds one copy: ratio=" + perWorker);
        assertTrue(kernel > 0.9 && kernel < 1.3, "the kernel holds one copy: ratio=" + kernel);
        assertTrue(copies > 2.8 && copies < 3.4, "copies cost about three times the data: ratio=" + copies);
        double cowExtra = (double) (cow.totalPss() - frame.totalPss()) / frame.dataBytes();
        assertTrue(cowExtra > 0.1 && cowExtra < 0.5, "each of 2 workers copied ~10% of the pages: extra=" + cowExtra);
        assertTrue(frame.sampling().processes().rowCount() > 0, "the sampler ran");
    }
}
