package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.procbook.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our RSS, PSS and USS against psutil's {@code memory_full_info()} for the same quiescent processes.
 *
 * <p>psutil runs in a python3 process that shares the interpreter's file pages with the measured python3 children,
 * so while it lives their PSS is lower; we therefore measure while the psutil process is still alive.
 */
class PsutilComparisonIT {

    private static final String PSUTIL = String.join("\n",
            "import json, sys, timeit, psutil",
            "out = {}",
            "for pid in sys.argv[1:]:",
            "    m = psutil.Process(int(pid)).memory_full_info()",
            "    out[pid] = {'rss': m.rss, 'pss': m.pss, 'uss': m.uss}",
            "p = psutil.Process(int(sys.argv[1]))",
            "out['seconds_per_call'] = min(timeit.repeat(p.memory_full_info, number=200, repeat=5)) / 200",
            "print(json.dumps(out), flush=True)",
            "sys.stdin.read()");

    @Test
    void rssPssAndUssEqualPsutilsForQuiescentProcesses() throws Exception {
        List<Process> children = new ArrayList<>();
        try (PssExperiment experiment = PssExperiment.start(8L << 20, 24L << 20, 16L << 20);
             ProcessMemoryReader reader = new ProcessMemoryReader()) {
            experiment.measure();
            Process waiting = python("import sys; print('ready', flush=True); sys.stdin.read()");
            children.add(waiting);
            Process sleeping = new ProcessBuilder("sleep", "60").start();
            children.add(sleeping);
            List<Long> pids = new ArrayList<>();
            for (long pid : experiment.pids()) {
                pids.add(pid);
            }
            children.forEach(c -> pids.add(c.pid()));
            // quiescent once each waits: the python has started and says so, the sleep runs its own program
            assertEquals("ready", new BufferedReader(new InputStreamReader(waiting.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
            Await.until("sleep to exec", () -> command(sleeping.pid()).equals("sleep 60"));
            // PSS of shared library pages moves whenever any other process maps or unmaps them, so psutil's reading
            // is compared with ours from just before and just after it; a move that comes and goes while psutil
            // reads cannot be bracketed, so a disagreement is measured again, up to three times: an error of ours
            // disagrees every time.
            List<String> disagreements = List.of("not compared");
            JsonNode theirs = null;
            for (int attempt = 1; attempt <= 3 && !disagreements.isEmpty(); attempt++) {
                Map<Long, ProcessMemory> before = new HashMap<>();
                pids.forEach(pid -> before.put(pid, reader.read(pid)));
                Process psutil = psutil(pids);
                children.add(psutil);
                theirs = new JsonMapper().readTree(new BufferedReader(new InputStreamReader(
                        psutil.getInputStream(), StandardCharsets.UTF_8)).readLine());
                disagreements = new ArrayList<>();
                for (long pid : pids) {
                    ProcessMemory after = reader.read(pid);
                    JsonNode t = theirs.get(Long.toString(pid));
                    System.out.printf("attempt %d, pid %d: rss ours=%d psutil=%d, pss ours=%d psutil=%d, "
                            + "uss ours=%d psutil=%d%n", attempt, pid, after.rss(), t.get("rss").asLong(), after.pss(),
                            t.get("pss").asLong(), after.uss(), t.get("uss").asLong());
                    disagreement(t.get("rss").asLong(), before.get(pid).rss(), after.rss(), "rss of " + pid)
                            .ifPresent(disagreements::add);
                    disagreement(t.get("pss").asLong(), before.get(pid).pss(), after.pss(), "pss of " + pid)
                            .ifPresent(disagreements::add);
                    disagreement(t.get("uss").asLong(), before.get(pid).uss(), after.uss(), "uss of " + pid)
                            .ifPresent(disagreements::add);
                }
                psutil.destroyForcibly();
                psutil.waitFor(10, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), disagreements, "ours and psutil's disagree by more than 1 %");
            printTiming(reader, pids.get(0), theirs.get("seconds_per_call").asDouble());
        } finally {
            for (Process c : children) {
                c.destroyForcibly();
                c.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Why psutil's reading lies more than 1 % outside ours from before and after it, if it does. */
    private static Optional<String> disagreement(long theirs, long oursBefore, long oursAfter, String what) {
        long low = Math.min(oursBefore, oursAfter);
        long high = Math.max(oursBefore, oursAfter);
        double slack = theirs * 0.01;
        if (theirs >= low - slack && theirs <= high + slack) {
            return Optional.empty();
        }
        return Optional.of(what + ": psutil=" + theirs + ", ours before=" + oursBefore + ", after=" + oursAfter);
    }

    /** Prints a rough per-call cost, for the report; the benchmark module owns real figures. */
    private static void printTiming(ProcessMemoryReader reader, long pid, double psutilSeconds) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                reader.read(pid);
            }
            best = Math.min(best, (System.nanoTime() - start) / 200);
        }
        System.out.printf("one process: ours %.1f us, psutil memory_full_info %.1f us%n", best / 1e3,
                psutilSeconds * 1e6);
    }

    /** The command line of {@code pid} as the tree shows it, or empty if it has exited. */
    private static String command(long pid) {
        return ProcessTree.tryEntry(ProcPaths.system(), pid).map(ProcessEntry::command).orElse("");
    }

    private static Process python(String code) throws IOException {
        return new ProcessBuilder("/usr/bin/python3", "-c", code).start();
    }

    private static Process psutil(List<Long> pids) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", PSUTIL));
        pids.forEach(p -> cmd.add(Long.toString(p)));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
