package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.testing.Await;
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
    void workersExitWithinTwoSecondsWhenParentIsKilled(@TempDir Path tmp) throws Exception {
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
            parent.destroyForcibly();
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            long killedAt = System.nanoTime();
            try {
                Await.until("the workers to exit after their parent was killed",
                        () -> workers.stream().noneMatch(ProcessHandle::isAlive));
            } catch (AssertionError e) {
                // the assertion below names them
            }
            assertEquals(List.of(), workers.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(),
                    "workers alive after their parent was killed");
            // the target is 2 s; a figure to read, not to assert, on a machine shared with other builds
            System.out.printf("ParentDeathIT: workers gone %.0f ms after their parent was killed%n",
                    (System.nanoTime() - killedAt) / 1e6);
        } finally {
            parent.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
