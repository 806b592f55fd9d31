package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class WorkerMemoryIT {

    @Test
    void aWorkersMemoryIsReadAfterATask() {
        WorkerMemory m = WorkerMemory.of(WorkerOptions.defaults(), 2);
        assertTrue(m.pssMib() > 1 && m.pssMib() <= m.rssMib() && m.sharedCleanMib() > 0, m.toString());
    }

    @Test
    void theJdkArchiveMappedInPlaceStaysSharedWhereARelocatedOneIsWritten() {
        WorkerMemory inPlace = WorkerMemory.of(WorkerOptions.defaults(), 2);
        WorkerMemory relocated = WorkerMemory.of(WorkerOptions.defaults().plusJvmOptions(
                "-XX:ArchiveRelocationMode=1"), 2);
        assertTrue(inPlace.sharedCleanMib() > relocated.sharedCleanMib() + 4,
                "in place " + inPlace + ", relocated " + relocated);
        assertTrue(inPlace.pssMib() < relocated.pssMib(), "in place " + inPlace + ", relocated " + relocated);
    }
}
