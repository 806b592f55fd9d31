package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.procbook.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a child process or a file in /dev/shm behind, after killing the child and removing the
 * file so the next test starts clean. Files in /dev/shm are those that appeared during the test, less those that
 * name another process's pid (another test run on the same machine) and POSIX semaphores ({@code sem.*}, which
 * only other programs' Python multiprocessing makes here): segments, frames, and owner leases.
 */
public final class NoLeftovers implements BeforeEachCallback, AfterEachCallback {

    private static final Path SHM = Path.of("/dev/shm");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoLeftovers.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("shm", shmFiles());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            Await.until("the test's child processes to exit", Duration.ofSeconds(5), () -> children().isEmpty());
        } catch (AssertionError e) {
            // those still alive are killed and reported below
        }
        List<ProcessHandle> alive = children();
        // named before they are killed: a pid alone does not say which part of the test started it
        List<String> described = alive.stream().map(NoLeftovers::describe).collect(Collectors.toList());
        alive.forEach(ProcessHandle::destroyForcibly);
        @SuppressWarnings("unchecked")
        Set<String> before = context.getStore(NAMESPACE).getOrDefault("shm", Set.class, Set.of());
        List<String> leftShm = new ArrayList<>();
        for (String name : shmFiles()) {
            if (!before.contains(name) && !name.startsWith("sem.") && !namesAnotherProcess(name)) {
                leftShm.add(name);
                try {
                    Files.deleteIfExists(SHM.resolve(name));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        assertEquals(List.of(), described, "child processes left behind");
        assertEquals(List.of(), leftShm, "files left behind in /dev/shm");
    }

    /**
     * A process's pid, state and command line (its last 300 characters), as a leftover is reported: a JVM between
     * fork and exec still shows the parent's command line, a launch in progress shows {@code jspawnhelper}.
     */
    private static String describe(ProcessHandle process) {
        String state;
        try {
            state = Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(line -> line.startsWith("State:")).map(line -> line.substring(6).strip())
                    .findFirst().orElse("state unknown");
        } catch (IOException e) {
            state = "gone";
        }
        String command = process.info().commandLine().orElse("command unknown");
        return process.pid() + " (" + state + "): " + command.substring(Math.max(0, command.length() - 300));
    }

    public static List<ProcessHandle> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    /** The names of the files in /dev/shm now. */
    public static Set<String> shmFiles() {
        try (Stream<Path> files = Files.list(SHM)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException("could not list /dev/shm", e);
        }
    }

    /** Whether {@code name} carries the pid of a living process other than this JVM, as leases and PSS segments do. */
    private static boolean namesAnotherProcess(String name) {
        long self = ProcessHandle.current().pid();
        for (String part : name.split("-")) {
            if (part.matches("[0-9]{2,9}")) {
                long pid = Long.parseLong(part);
                return pid != self && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            }
        }
        return false;
    }
}
