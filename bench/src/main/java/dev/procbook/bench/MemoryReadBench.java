package dev.procbook.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.procbook.memory.MemorySampler;
import dev.procbook.memory.ProcessMemoryReader;
import dev.procbook.memory.ProcessTree;
import dev.procbook.memory.SystemMemoryReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The cost of measuring memory: reading one process ({@code ProcessMemoryReader.read}), one sample of a
 * 10-process tree ({@code ProcessTree.measure}), and the CPU a 10 Hz {@code MemorySampler} takes from this JVM
 * (process CPU time over a window, minus the same window with no sampler).
 *
 * <p>The tree is {@code sh} with 9 {@code sleep} children, so both sides measure the same small processes;
 * {@code bench/python/memory_read.py} does the same with psutil. Usage: {@code MemoryReadBench [--quick]}.
 *
 * <p>Beside the read of one process it prints the kernel's floor under any reading of PSS, as
 * {@code memory.floor.smaps_rollup_reread}: one positional read at offset 0 of an already open
 * {@code smaps_rollup} of the same child, no parsing, which is what the kernel takes to walk the page tables.
 * The two are timed interleaved, so both medians come from the same moments of a shared machine.
 */
public final class MemoryReadBench {

    private static final int TREE_SIZE = 10;

    private MemoryReadBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Figures.quick(args);
        Figures figures = new Figures("memory");
        Process root = new ProcessBuilder("sh", "-c",
                "for i in $(seq " + (TREE_SIZE - 1) + "); do sleep 600 & done; wait").start();
        try (ProcessTree tree = ProcessTree.of(root.pid())) {
            List<Long> pids = awaitTree(tree);
            long child = pids.get(1);

            int n = quick ? 200 : 2000;
            double[] reads = new double[n];
            double[] rereads = new double[n];
            try (ProcessMemoryReader reader = new ProcessMemoryReader()) {
                timeReadsBesideFloor(reader, child, reads, rereads);
            }
            figures.emit("read one process (smaps_rollup), median", Figures.median(reads), "us");
            new Figures("memory.floor.smaps_rollup_reread")
                    .emit("read one process (smaps_rollup), median", Figures.median(rereads), "us");
            figures.emit("read one process (smaps_rollup), p99", Figures.percentile(reads, 99), "us");

            double[] samples = timeTreeSamples(tree, quick ? 20 : 200);
            figures.emit("sample a 10-process tree, median", Figures.median(samples), "ms");
            figures.emit("sample a 10-process tree, p99", Figures.percentile(samples, 99), "ms");

            Duration window = Duration.ofSeconds(quick ? 2 : 5);
            ThrowingSupplier<AutoCloseable> sampler =
                () -> MemorySampler.start(tree, new SystemMemoryReader(), Duration.ofMillis(100));
            double idle = cpuPercent(window, () -> null);
            // The first window includes the JIT compiling the sampler's code; the second is the steady state.
            double cold = cpuPercent(window, sampler) - idle;
            double warm = cpuPercent(window, sampler) - idle;
            figures.emit("10 Hz sampler on a 10-process tree, CPU, first window", cold, "% core");
            figures.emit("10 Hz sampler on a 10-process tree, CPU, steady", warm, "% core");
        } finally {
            root.descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
            root.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Waits until the shell has started all its children; returns the tree's pids, root first. */
    private static List<Long> awaitTree(ProcessTree tree) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<Long> pids = tree.processes().stream().map(p -> p.pid()).collect(Collectors.toList());
            if (pids.size() == TREE_SIZE) {
                return pids;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("tree did not start: root=" + tree.rootPid() + ", wanted=" + TREE_SIZE);
    }

    /**
     * Times {@code reader.read(pid)} into {@code reads} and, interleaved with it so both see the same load, a bare
     * pread at offset 0 of {@code pid}'s open {@code smaps_rollup} into {@code rereads}: the kernel's part of a read.
     */
    private static void timeReadsBesideFloor(ProcessMemoryReader reader, long pid, double[] reads, double[] rereads)
            throws IOException {
        int n = reads.length;
        ByteBuffer buffer = ByteBuffer.allocateDirect(8192);
        try (FileChannel rollup = FileChannel.open(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            for (int i = 0; i < n / 4; i++) {
                reader.read(pid);
                buffer.clear();
                rollup.read(buffer, 0);
            }
            for (int i = 0; i < n; i++) {
                // alternate which goes first, so neither always finds the page tables just walked
                if (i % 2 == 0) {
                    reads[i] = timeRead(reader, pid);
                    rereads[i] = timeReread(rollup, buffer, pid);
                } else {
                    rereads[i] = timeReread(rollup, buffer, pid);
                    reads[i] = timeRead(reader, pid);
                }
            }
        }
    }

    private static double timeRead(ProcessMemoryReader reader, long pid) {
        long t0 = System.nanoTime();
        reader.read(pid);
        return (System.nanoTime() - t0) / 1e3;
    }

    private static double timeReread(FileChannel rollup, ByteBuffer buffer, long pid) throws IOException {
        buffer.clear();
        long t0 = System.nanoTime();
        int bytes = rollup.read(buffer, 0);
        double micros = (System.nanoTime() - t0) / 1e3;
        if (bytes <= 0) {
            throw new IllegalStateException("smaps_rollup read nothing: pid=" + pid);
        }
        return micros;
    }

    private static double[] timeTreeSamples(ProcessTree tree, int n) {
        for (int i = 0; i < n / 4; i++) {
            tree.measure();
        }
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            int size = tree.measure().processes().size();
            millis[i] = (System.nanoTime() - t0) / 1e6;
            if (size != TREE_SIZE) {
                throw new IllegalStateException("tree changed: size=" + size + ", wanted=" + TREE_SIZE);
            }
        }
        return millis;
    }

    /** Percent of one core this JVM used during {@code window} while whatever {@code start} returns ran. */
    private static double cpuPercent(Duration window, ThrowingSupplier<AutoCloseable> start) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        AutoCloseable running = start.get();
        try {
            Thread.sleep(window.toMillis());
        } finally {
            if (running != null) {
                running.close();
            }
        }
        return 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - t0);
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws IOException;
    }
}
