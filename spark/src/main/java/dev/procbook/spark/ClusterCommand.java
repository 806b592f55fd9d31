package dev.procbook.spark;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code ./procbook spark-cluster start [--workers N] | stop | status}: a {@link LoopbackCluster} that outlives the
 * command, recorded in a state file (its master URL, folder, and each daemon's pid with its start time, so that a
 * reused pid is never signalled), and stopped from that record with everything it started.
 */
public final class ClusterCommand {

    private ClusterCommand() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(List.of(args)));
        } catch (RuntimeException e) {
            System.err.println("spark-cluster: " + e.getMessage());
            System.exit(1);
        }
    }

    static String run(List<String> args) {
        Path state = null;
        int workers = 2;
        String verb = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--state" -> state = Path.of(value(args, ++i, a));
                case "--workers" -> workers = parseWorkers(value(args, ++i, a));
                case "start", "stop", "status" -> verb = a;
                default -> throw new IllegalArgumentException("unknown argument: " + a + usage());
            }
        }
        if (verb == null || state == null) {
            throw new IllegalArgumentException("missing " + (verb == null ? "start, stop or status" : "--state")
                    + usage());
        }
        return switch (verb) {
            case "start" -> start(state, workers);
            case "stop" -> stop(state);
            default -> status(state);
        };
    }

    private static String start(Path state, int workers) {
        Optional<Properties> running = read(state).filter(p -> !alive(p).isEmpty());
        if (running.isPresent()) {
            throw new IllegalStateException("a cluster already runs: master=" + running.get().getProperty("master")
                    + " (./procbook spark-cluster stop)");
        }
        LoopbackCluster cluster = LoopbackCluster.start(SparkHome.find(), workers, false);
        Properties p = new Properties();
        p.setProperty("master", cluster.masterUrl());
        p.setProperty("dir", cluster.workDir().toString());
        List<ProcessHandle> daemons = new ArrayList<>();
        daemons.add(cluster.master());
        daemons.addAll(cluster.workers());
        StringBuilder pids = new StringBuilder();
        for (ProcessHandle h : daemons) {
            pids.append(pids.length() == 0 ? "" : ",").append(h.pid()).append('@')
                    .append(h.info().startInstant().map(Instant::toString).orElse("?"));
        }
        p.setProperty("pids", pids.toString());
        write(state, p);
        return cluster.masterUrl();
    }

    private static String stop(Path state) {
        Properties p = read(state).orElse(null);
        if (p == null) {
            return "no cluster recorded at " + state;
        }
        List<ProcessHandle> alive = alive(p);
        // workers first, so that each stops its executors before the master goes
        java.util.Collections.reverse(alive);
        LoopbackCluster.stopHandles(alive);
        SparkDriver.deleteTree(Path.of(p.getProperty("dir")));
        try {
            Files.deleteIfExists(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the state file: path=" + state, e);
        }
        return "stopped: master=" + p.getProperty("master") + ", processes=" + alive.size();
    }

    private static String status(Path state) {
        return read(state).map(p -> "master=" + p.getProperty("master") + ", running=" + alive(p).size()
                + ", dir=" + p.getProperty("dir")).orElse("no cluster recorded at " + state);
    }

    /** The recorded daemons still running, matched by pid and start time. */
    private static List<ProcessHandle> alive(Properties p) {
        List<ProcessHandle> out = new ArrayList<>();
        for (String entry : p.getProperty("pids", "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("@", 2);
            ProcessHandle.of(Long.parseLong(parts[0]))
                    .filter(h -> h.info().startInstant().map(Instant::toString).orElse("?").equals(parts[1]))
                    .filter(ProcessHandle::isAlive)
                    .ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Properties> read(Path state) {
        if (!Files.exists(state)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(state)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("state file unreadable: path=" + state, e);
        }
        return Optional.of(p);
    }

    private static void write(Path state, Properties p) {
        try {
            Files.createDirectories(state.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(state)) {
                p.store(w, "a loopback Spark cluster started by ./procbook spark-cluster start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state file: path=" + state, e);
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value" + usage());
        }
        return args.get(i);
    }

    private static int parseWorkers(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 16) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--workers takes 1 to 16: got " + s);
    }

    private static String usage() {
        return "; usage: spark-cluster start [--workers N] | stop | status";
    }
}
