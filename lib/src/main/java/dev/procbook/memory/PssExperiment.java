package dev.procbook.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The seed's PSS example made real: process A touches 50 MiB of private memory, B 300 MiB, and both map the same
 * 100 MiB segment in {@code /dev/shm}, so PSS should grow by 50 + 100/2 = 100 MiB in A and 300 + 100/2 = 350 MiB in B.
 *
 * <p>The processes are {@code /usr/bin/python3} (override with {@code -Dprocbook.python=...}) with {@code mmap};
 * each is measured before and after it maps and touches its memory, so the interpreter's own baseline is subtracted.
 * {@link #close()} kills both and unlinks the segment.
 * <pre>{@code
 * try (PssExperiment e = PssExperiment.start()) {
 *     Table t = e.measure();   // process, pid, expected_pss_mib, measured_pss_mib, segment_pss_mib, ...
 * }
 * }</pre>
 */
public final class PssExperiment implements AutoCloseable {

    private static final long MIB = 1L << 20;
    private static final AtomicInteger SEGMENTS = new AtomicInteger();
    private static final String SCRIPT = String.join("\n",
            "import mmap, os, sys",
            "path, private = sys.argv[1], int(sys.argv[2])",
            "print('started', flush=True)",
            "sys.stdin.readline()",
            "fd = os.open(path, os.O_RDWR)",
            "shared = mmap.mmap(fd, 0, mmap.MAP_SHARED)",
            "os.close(fd)",
            "anon = mmap.mmap(-1, private, mmap.MAP_PRIVATE)",
            "for m in (shared, anon):",
            "    for i in range(0, len(m), 4096):",
            "        m[i] = 1",
            "print('ready', flush=True)",
            "sys.stdin.read()");

    private final Path segment;
    private final long[] privateBytes;
    private final long sharedBytes;
    private final List<Process> processes = new ArrayList<>();
    private final List<BufferedReader> outputs = new ArrayList<>();
    private final ProcessMemoryReader reader = new ProcessMemoryReader();
    private boolean closed;

    private PssExperiment(Path segment, long privateA, long privateB, long shared) {
        this.segment = segment;
        this.privateBytes = new long[] {privateA, privateB};
        this.sharedBytes = shared;
    }

    /**
     * Starts the seed's experiment: A 50 MiB private, B 300 MiB private, 100 MiB shared.
     *
     * @throws UncheckedIOException if the segment cannot be created or the processes cannot be started
     */
    public static PssExperiment start() {
        return start(50 * MIB, 300 * MIB, 100 * MIB);
    }

    /**
     * Creates the segment and starts processes A and B, which wait until {@link #measure()} tells them to map memory.
     *
     * @throws UncheckedIOException if the segment cannot be created or the processes cannot be started
     */
    public static PssExperiment start(long privateA, long privateB, long shared) {
        Path segment = Path.of("/dev/shm", "procbook-pss-" + ProcessHandle.current().pid() + "-"
                + SEGMENTS.incrementAndGet());
        PssExperiment e = new PssExperiment(segment, privateA, privateB, shared);
        try {
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                f.setLength(shared);
            }
            segment.toFile().deleteOnExit();
            for (long bytes : e.privateBytes) {
                Process p = new ProcessBuilder(System.getProperty("procbook.python", "/usr/bin/python3"), "-c", SCRIPT,
                        segment.toString(), Long.toString(bytes)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                e.processes.add(p);
                e.outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
                e.expectLine(e.processes.size() - 1, "started");
            }
            return e;
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex instanceof IOException io ? new UncheckedIOException("could not start: segment=" + segment, io)
                    : (RuntimeException) ex;
        }
    }

    /** Returns the path of the shared segment, {@code /dev/shm/procbook-pss-...}. */
    public Path segment() {
        return segment;
    }

    /** Returns the pids of A and B. */
    public long[] pids() {
        return processes.stream().mapToLong(Process::pid).toArray();
    }

    /**
     * Measures both baselines, lets A and B map and touch their memory, and measures again.
     *
     * <p>Rows A and B; columns process, pid, private_mib, shared_mib, expected_pss_mib (private + shared / 2),
     * measured_pss_mib (PSS after minus before), segment_pss_mib (the segment's own smaps line), baseline_pss_mib.
     *
     * @throws IllegalStateException if called twice or after close, or if a process did not get ready
     * @throws ProcessExitedException if a process died
     */
    public Table measure() {
        if (closed || processes.size() != 2) {
            throw new IllegalStateException("experiment not running: closed=" + closed);
        }
        long[] before = {reader.read(processes.get(0).pid()).pss(), reader.read(processes.get(1).pid()).pss()};
        for (Process p : processes) {
            send(p, "go\n");
        }
        for (int i = 0; i < processes.size(); i++) {
            expectLine(i, "ready");
        }
        Table t = Table.create("PSS experiment", StringColumn.create("process"), LongColumn.create("pid"),
                DoubleColumn.create("private_mib"), DoubleColumn.create("shared_mib"),
                DoubleColumn.create("expected_pss_mib"), DoubleColumn.create("measured_pss_mib"),
                DoubleColumn.create("segment_pss_mib"), DoubleColumn.create("baseline_pss_mib"));
        for (int i = 0; i < 2; i++) {
            long pid = processes.get(i).pid();
            long after = reader.read(pid).pss();
            t.stringColumn("process").append(i == 0 ? "A" : "B");
            t.longColumn("pid").append(pid);
            t.doubleColumn("private_mib").append((double) privateBytes[i] / MIB);
            t.doubleColumn("shared_mib").append((double) sharedBytes / MIB);
            t.doubleColumn("expected_pss_mib").append((privateBytes[i] + sharedBytes / 2.0) / MIB);
            t.doubleColumn("measured_pss_mib").append((double) (after - before[i]) / MIB);
            t.doubleColumn("segment_pss_mib").append((double) segmentPss(pid) / MIB);
            t.doubleColumn("baseline_pss_mib").append((double) before[i] / MIB);
        }
        return t;
    }

    private long segmentPss(long pid) {
        return reader.mappings(pid).stream().filter(m -> m.path().equals(segment.toString()))
                .mapToLong(SmapsMapping::pss).sum();
    }

    private void expectLine(int index, String expected) {
        Process p = processes.get(index);
        try {
            String line = outputs.get(index).readLine();
            if (!expected.equals(line)) {
                throw new IllegalStateException("child did not answer: pid=" + p.pid() + ", expected=" + expected
                        + ", got=" + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read from child: pid=" + p.pid(), e);
        }
    }

    private static void send(Process p, String text) {
        try {
            Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            w.write(text);
            w.flush();
        } catch (IOException e) {
            throw new ProcessExitedException(p.pid());
        }
    }

    /** Kills A and B, waits for them, and unlinks the segment; idempotent. */
    @Override
    public void close() {
        // One try from the first bytecode to the last call: a stop (JDK 17 stops a notebook cell with Thread.stop)
        // may land on any of them, and the processes and the segment go whatever ends the close. Releasing them
        // again is harmless.
        try {
            if (closed) {
                return;
            }
            closed = true;
            reader.close();
            release();
        } catch (Throwable t) {
            release();
            throw t;
        }
    }

    private void release() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unlink: segment=" + segment, e);
        }
    }
}
