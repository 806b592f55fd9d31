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
        // pages of its own (resident, not shared clean), not PSS: PSS also moves with how many other JVMs on the
        // machine map the same archive at the moment each is read
        assertTrue(inPlace.rssMib() - inPlace.sharedCleanMib() < relocated.rssMib() - relocated.sharedCleanMib(),
                "in place " + inPlace + ", relocated " + relocated);
    }
}
