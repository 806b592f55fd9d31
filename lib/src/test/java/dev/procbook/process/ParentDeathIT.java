package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            for (ProcessHandle w : workers) {
                long left = TimeUnit.SECONDS.toNanos(2) - (System.nanoTime() - killedAt);
                try {
                    w.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // reported below
                }
            }
            assertEquals(List.of(), workers.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList(),
                    "workers alive 2 s after their parent was killed");
        } finally {
            parent.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
