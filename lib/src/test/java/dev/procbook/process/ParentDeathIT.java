package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.testing.ProcessEnd;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftovers.class)
@Timeout(120)
class ParentDeathIT {

    @Test
    void workersExitWhenTheirParentIsKilled(@TempDir Path tmp) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(WorkerOptions.defaults().javaCommand().toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                ParentThatDies.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("XDG_RUNTIME_DIR");
        Process parent = pb.start();
        List<ProcessHandle> workers = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream()));
            String line = out.readLine();
            while (line != null && !line.startsWith("PIDS ")) {
                line = out.readLine();
            }
            assertTrue(line != null, "parent printed no pids");
            for (String pid : line.substring(5).split(" ")) {
                Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(pid));
                assertTrue(h.isPresent(), "worker not running: " + pid);
                workers.add(h.get());
            }
            long killedAt = System.nanoTime();
            parent.destroyForcibly();
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            ProcessEnd end = ProcessEnd.await("workers", killedAt, workers.toArray(ProcessHandle[]::new));
            assertEquals(List.of(), workers.stream().map(ProcessHandle::pid).filter(pid -> !ProcessEnd.hasEnded(pid))
                    .toList(), "workers running after their parent was killed");
            // the target is 2 s; a figure to read, not to assert, on a machine shared with other builds
            System.out.println("ParentDeathIT: " + end + " their parent was killed");
        } finally {
            parent.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
