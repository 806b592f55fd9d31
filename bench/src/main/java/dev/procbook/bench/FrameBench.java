package dev.procbook.bench;

import dev.procbook.process.Pool;
import dev.procbook.process.Worker;
import dev.procbook.process.WorkerOptions;
import dev.procbook.shm.SharedFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Shared frames, beside {@code shm_frame.py}'s {@code SharedMemory} path:
 * <ul>
 *   <li>{@code shm_frame.two_workers_sum}: from just before a pool of 2 is made until both workers have summed a
 *       256 MiB column of a published frame (Python: a 256 MiB int64 {@code SharedMemory} attached by name in a
 *       {@code Pool(2)}); cold workers, and again with standby workers (marked, as Python's forkserver is not) that
 *       have finished warming up; beside it, its floors ({@link SumFloors}) and the standby figure over the
 *       first-touch floor;</li>
 *   <li>{@code shm_frame.attach_1GiB}: attaching a published 1 GiB frame in a process that attached one before
 *       (median), the first attach in this process, and the first in a fresh worker;</li>
 *   <li>{@code shm_frame.publish_1GiB}: publishing a 1 GiB table, printed beside its floor, one
 *       {@code FileChannel.write} of the same bytes to /dev/shm.</li>
 * </ul>
 * <p>usage: {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp procbook-bench.jar
 * dev.procbook.bench.FrameBench [--quick]}
 */
public final class FrameBench {

    private static final long MIB = 1L << 20;

    private FrameBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Figures.quick(args);
        long tScript = System.nanoTime();
        String prefix = "procbook-bench-" + ProcessHandle.current().pid();
        twoWorkersSum(prefix, quick ? 3 : 7);
        publishAndAttach(prefix, quick ? 2 : 5);
        Figures script = new Figures("shm_frame");
        script.emit("leftover_children", PipeQueueBench.leftoverChildren(), "count");
        script.emit("script_wall", (System.nanoTime() - tScript) / 1e9, "s");
    }

    static Table longs(long bytes) {
        int rows = Math.toIntExact(bytes / Long.BYTES);
        LongColumn x = LongColumn.create("x", rows);
        for (int i = 0; i < rows; i++) {
            x.set(i, i % 1000);
        }
        return Table.create("data", x);
    }

    private static void twoWorkersSum(String prefix, int repeats) throws InterruptedException {
        double[] cold = new double[repeats];
        double[] standby = new double[repeats];
        WorkerOptions options = WorkerOptions.defaults().withStandby(2);
        SumFloors floors;
        try (SharedFrame frame = SharedFrame.publish(prefix + "-256", longs(256 * MIB))) {
            long expected = frame.column("x").sumLong();
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                try (Pool pool = Pool.create(2)) {
                    sumTwice(pool, frame, expected);
                    cold[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Worker.startStandby(options);
            for (int i = 0; i < repeats; i++) {
                awaitStandby(options);
                long t0 = System.nanoTime();
                try (Pool pool = Pool.builder().processes(2).workerOptions(options).build()) {
                    sumTwice(pool, frame, expected);
                    standby[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Worker.closeStandby();
            floors = SumFloors.measure(frame, expected, repeats);
        } finally {
            Worker.closeStandby();
        }
        Figures f = new Figures("shm_frame.two_workers_sum_256MiB");
        f.emit("median", Figures.median(cold), "ms");
        f.emit("first", cold[0], "ms");
        Figures s = new Figures("shm_frame.two_workers_sum_256MiB.forkserver", "standby workers");
        s.emit("median", Figures.median(standby), "ms");
        floors.emit();
        Figures ratio = new Figures("shm_frame.two_workers_sum_256MiB.ratio", "standby workers");
        ratio.emit("median_to_first_touch", Figures.median(standby) / floors.firstTouchMedian(), "x");
        ratio.emit("median_to_two_first_touches", Figures.median(standby) / floors.twoFirstTouchesMedian(), "x");
    }

    private static void sumTwice(Pool pool, SharedFrame frame, long expected) {
        List<CompletableFuture<Long>> sums = List.of(pool.submit(() -> frame.column("x").sumLong()),
                pool.submit(() -> frame.column("x").sumLong()));
        for (CompletableFuture<Long> s : sums) {
            if (s.join() != expected) {
                throw new IllegalStateException("wrong sum: " + s.join() + ", expected " + expected);
            }
        }
    }

    /**
     * Waits until two standby workers wait and no child process has used the CPU for a while: a worker that has
     * just finished its warm-up may still be compiling it, on one of the machine's few cores.
     */
    private static void awaitStandby(WorkerOptions options) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Worker.standbyWaiting(options) < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("standby workers did not start within 60 s");
            }
            Thread.sleep(5);
        }
        long cpu = childrenCpuNanos();
        for (int quiet = 0; quiet < 3 && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
            long now = childrenCpuNanos();
            quiet = now - cpu < TimeUnit.MILLISECONDS.toNanos(5) ? quiet + 1 : 0;
            cpu = now;
        }
    }

    /** The CPU time the children of this process have used, as far as it can be read. */
    private static long childrenCpuNanos() {
        return ProcessHandle.current().children().mapToLong(c -> c.info().totalCpuDuration()
                .map(java.time.Duration::toNanos).orElse(0L)).sum();
    }

    private static void publishAndAttach(String prefix, int repeats) throws IOException {
        Table table = longs(1024 * MIB);
        double[] publish = new double[repeats];
        double[] write = new double[repeats];
        String name = prefix + "-1g";
        long bytes = 0;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            SharedFrame f = SharedFrame.publish(name, table);
            publish[i] = (System.nanoTime() - t0) / 1e6;
            bytes = f.bytes();
            if (i < repeats - 1) {
                f.close();
            } else {
                write = writeFloor(f.path(), prefix, repeats);
                attach(name, f);
                f.close();
            }
        }
        Figures p = new Figures("shm_frame.publish_1GiB");
        p.emit("median", Figures.median(publish), "ms");
        p.emit("floor_filechannel_write_median", Figures.median(write), "ms");
        p.emit("ratio_to_floor", Figures.median(publish) / Figures.median(write), "x");
        p.emit("bytes", bytes / (double) MIB, "MiB");
    }

    /** One FileChannel.write of the frame's own bytes, from a direct buffer, to a new file in /dev/shm. */
    private static double[] writeFloor(Path frameFile, String prefix, int repeats) throws IOException {
        ByteBuffer bytes;
        try (FileChannel in = FileChannel.open(frameFile, StandardOpenOption.READ)) {
            bytes = ByteBuffer.allocateDirect(Math.toIntExact(in.size()));
            while (bytes.hasRemaining() && in.read(bytes) >= 0) {
                // read it all
            }
        }
        double[] ms = new double[repeats];
        Path target = Path.of("/dev/shm", prefix + "-floor");
        for (int i = 0; i < repeats; i++) {
            bytes.rewind();
            long t0 = System.nanoTime();
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
            Files.delete(target);
        }
        return ms;
    }

    private static void attach(String name, SharedFrame published) {
        Figures a = new Figures("shm_frame.attach_1GiB");
        int n = 200;
        double[] us = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            try (SharedFrame f = SharedFrame.attach(name)) {
                us[i] = (System.nanoTime() - t0) / 1e3;
                if (f.rowCount() != published.rowCount()) {
                    throw new IllegalStateException("rows differ");
                }
            }
        }
        a.emit("first_in_this_process", us[0], "us");
        a.emit("second_in_this_process", us[1], "us");
        a.emit("median_after_one", Figures.median(java.util.Arrays.copyOfRange(us, 1, n)), "us");
        try (Worker w = Worker.start()) {
            double firstInWorker = w.call(() -> {
                long t0 = System.nanoTime();
                try (SharedFrame f = SharedFrame.attach(name)) {
                    return (System.nanoTime() - t0) / 1e3 + 0 * f.rowCount();
                }
            });
            a.emit("first_in_fresh_worker", firstInWorker, "us");
        }
    }
}
