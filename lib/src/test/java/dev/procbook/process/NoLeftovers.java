package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test that leaves a child process behind, after killing it so the next test starts clean. */
public final class NoLeftovers implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<ProcessHandle> alive = children();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            alive = children();
        }
        alive.forEach(ProcessHandle::destroyForcibly);
        assertEquals(List.of(), alive.stream().map(ProcessHandle::pid).collect(Collectors.toList()),
                "child processes left behind");
    }

    static List<ProcessHandle> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }
}
