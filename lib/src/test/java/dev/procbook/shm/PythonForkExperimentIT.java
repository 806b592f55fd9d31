package dev.procbook.shm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.NoLeftovers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The seed's fork experiments, measured: reading a numpy array copies nothing, iterating objects copies them. */
@ExtendWith(NoLeftovers.class)
@Timeout(300)
class PythonForkExperimentIT {

    private static final int MIB = 64;

    @Test
    void forkSharesAnArrayButReferenceCountsAndTheCollectorCopyObjectsUnlessFrozen() {
        List<PythonForkExperiment.Result> results = new ArrayList<>();
        for (PythonForkExperiment.Variant v : PythonForkExperiment.Variant.values()) {
            results.add(PythonForkExperiment.run(v, MIB, Duration.ofMillis(200)));
        }
        System.out.println(PythonForkExperiment.totals(results).print());
        long data = (long) MIB << 20;
        PythonForkExperiment.Result cow = results.get(0);
        PythonForkExperiment.Result read = results.get(1);
        PythonForkExperiment.Result collect = results.get(2);
        PythonForkExperiment.Result frozen = results.get(3);
        assertTrue(cow.childrenUss() < data / 4, "summing an array copies little: " + cow);
        assertTrue(read.childrenUss() > data, "iterating copies most of the objects in each child: " + read);
        assertTrue(collect.childrenUss() > data / 2, "gc.collect copies tracked objects: " + collect);
        assertTrue(frozen.childrenUss() < collect.childrenUss() / 2, "gc.freeze spares them: " + frozen);
        assertTrue(cow.sampling().processes().rowCount() > 0);
    }
}
