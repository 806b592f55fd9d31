package dev.procbook.bench;

import dev.procbook.process.Connection;
import dev.procbook.process.Pipe;
import dev.procbook.process.Queue;
import dev.procbook.process.SerializableCallable;
import dev.procbook.process.Worker;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The counterpart of {@code pipe_queue.py}: Pipe (one-way) vs Queue between this process and ONE worker.
 *
 * <p>Same protocol as the Python script: this process produces, the worker consumes; a round is timed from the
 * first send until the worker acknowledges, on a separate pipe, that it received every message of the round;
 * round 0 is an untimed warm-up and worker start-up is excluded. One worker serves every measurement (a JVM
 * worker lives for many tasks, as in a pool), so its JIT is warm after the first. Metric names are those of the
 * Python script: {@code pipe_bytes} is {@code sendBytes}/{@code recvBytes}, {@code pipe} is {@code send}/
 * {@code recv} of the same object, {@code queue} is {@code put}/{@code get}.
 *
 * <p>usage: {@code java -cp procbook-bench.jar dev.procbook.bench.PipeQueueBench [--quick]}
 */
public final class PipeQueueBench {

    private static final byte[] SMALL_BYTES = "x".repeat(64).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Tuple3 SMALL_TUPLE = new Tuple3(12345, 3.14159, "hello");
    private static final long TIMEOUT_S = 120;

    /** Python's {@code (12345, 3.14159, "hello")}. */
    record Tuple3(int i, double d, String s) implements Serializable {
    }

    private enum Kind { PIPE, PIPE_BYTES, QUEUE }

    private PipeQueueBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Figures.quick(args);
        int rounds = quick ? 3 : 5;
        int nSmall = quick ? 10_000 : 100_000;
        int[][] large = {{1 << 20, quick ? 20 : 200}, {64 << 20, quick ? 1 : 4}};
        int ppN = quick ? 2_000 : 20_000;
        int ppRepeats = quick ? 3 : 5;
        int ppWarm = quick ? 200 : 2_000;
        long tScript = System.nanoTime();

        try (Worker worker = Worker.start()) {
            for (Object msg : new Object[] {SMALL_BYTES, SMALL_TUPLE}) {
                String mname = msg instanceof byte[] ? "bytes64" : "tuple3";
                for (Kind kind : Kind.values()) {
                    if (kind == Kind.PIPE_BYTES && !(msg instanceof byte[])) {
                        continue;
                    }
                    double[] ts = oneway(worker, kind, msg, nSmall, rounds);
                    new Figures("pipe_queue.small." + mname + "." + name(kind))
                            .emit("throughput_median", nSmall / Figures.median(ts), "msgs/s");
                }
            }
            for (int[] sizeAndCount : large) {
                int size = sizeAndCount[0];
                int n = sizeAndCount[1];
                byte[] payload = new byte[size];
                for (int i = 0; i < size; i++) {
                    payload[i] = (byte) i;
                }
                String label = (size >> 20) + "MiB";
                for (Kind kind : Kind.values()) {
                    int r = size < (64 << 20) ? rounds : (quick ? 2 : 3);
                    double[] ts = oneway(worker, kind, payload, n, r);
                    new Figures("pipe_queue.large." + label + "." + name(kind))
                            .emit("throughput_median", (double) n * size / 1e6 / Figures.median(ts), "MB/s");
                }
            }
            for (boolean useBytes : new boolean[] {false, true}) {
                double[] medP99Rate = pingpong(worker, ppN, ppRepeats, ppWarm, useBytes);
                Figures f = new Figures("pipe_queue.pingpong.bytes64." + (useBytes ? "pipe_send_bytes" : "pipe_send_recv"));
                f.emit("rtt_median", medP99Rate[0], "us");
                f.emit("rtt_p99", medP99Rate[1], "us");
                f.emit("roundtrips_per_s", medP99Rate[2], "1/s");
            }
        }
        Figures script = new Figures("pipe_queue");
        script.emit("leftover_children", leftoverChildren(), "count");
        script.emit("script_wall", (System.nanoTime() - tScript) / 1e9, "s");
    }

    private static String name(Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Per-round seconds of {@code rounds} timed rounds after one warm-up round. */
    private static double[] oneway(Worker worker, Kind kind, Object msg, int n, int rounds) throws Exception {
        try (Pipe ack = Pipe.open(false); Pipe data = Pipe.open(false); Queue queue = Queue.open()) {
            Connection rx = data.a();
            Connection ackTx = ack.b();
            int total = rounds + 1;
            SerializableCallable<Integer> consumer = () -> {
                ackTx.send("ready");
                ackTx.flush();
                for (int r = 0; r < total; r++) {
                    for (int i = 0; i < n; i++) {
                        switch (kind) {
                            case PIPE -> rx.recv();
                            case PIPE_BYTES -> rx.recvBytes();
                            default -> queue.get();
                        }
                    }
                    ackTx.send(r);
                    ackTx.flush();
                }
                return total;
            };
            CompletableFuture<Integer> done = worker.submit(consumer);
            Connection ackRx = ack.a();
            Connection tx = data.b();
            awaitAck(ackRx, done);
            double[] times = new double[rounds];
            for (int r = 0; r < total; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    switch (kind) {
                        case PIPE -> tx.send(msg);
                        case PIPE_BYTES -> tx.sendBytes((byte[]) msg);
                        default -> queue.put(msg);
                    }
                }
                if (kind == Kind.QUEUE) {
                    queue.flush();
                } else {
                    tx.flush(); // the data pipe connects on first use: a queue round never touches it
                }
                awaitAck(ackRx, done);
                long t1 = System.nanoTime();
                if (r > 0) {
                    times[r - 1] = (t1 - t0) / 1e9;
                }
            }
            done.get(TIMEOUT_S, TimeUnit.SECONDS);
            return times;
        }
    }

    private static void awaitAck(Connection ackRx, CompletableFuture<?> consumer) throws Exception {
        if (!ackRx.poll(Duration.ofSeconds(TIMEOUT_S))) {
            consumer.get(1, TimeUnit.SECONDS); // reports the worker's failure, if any
            throw new IllegalStateException("timeout waiting for ack");
        }
        ackRx.recv();
    }

    /** Median round trip (us), median p99 (us) and median round trips per second over {@code repeats}. */
    private static double[] pingpong(Worker worker, int n, int repeats, int warmup, boolean useBytes)
            throws Exception {
        try (Pipe pipe = Pipe.open(true)) {
            Connection there = pipe.b();
            CompletableFuture<Integer> echo = worker.submit(() -> {
                int count = 0;
                while (true) {
                    if (useBytes) {
                        byte[] m = there.recvBytes();
                        if (m.length == 0) {
                            return count;
                        }
                        there.sendBytes(m);
                    } else {
                        Object m = there.recv();
                        if (m == null) {
                            return count;
                        }
                        there.send(m);
                    }
                    there.flush();
                    count++;
                }
            });
            Connection a = pipe.a();
            for (int i = 0; i < warmup; i++) {
                roundTrip(a, useBytes);
            }
            List<Double> meds = new ArrayList<>();
            List<Double> p99s = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            for (int rep = 0; rep < repeats; rep++) {
                double[] lat = new double[n];
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    roundTrip(a, useBytes);
                    lat[i] = System.nanoTime() - t0;
                }
                double total = (System.nanoTime() - start) / 1e9;
                meds.add(Figures.median(lat) / 1e3);
                p99s.add(Figures.percentile(lat, 99) / 1e3);
                rates.add(n / total);
            }
            if (useBytes) {
                a.sendBytes(new byte[0]);
            } else {
                a.send(null);
            }
            a.flush();
            echo.get(TIMEOUT_S, TimeUnit.SECONDS);
            return new double[] {median(meds), median(p99s), median(rates)};
        }
    }

    private static void roundTrip(Connection a, boolean useBytes) {
        if (useBytes) {
            a.sendBytes(SMALL_BYTES);
            a.flush();
            a.recvBytes();
        } else {
            a.send(SMALL_BYTES);
            a.flush();
            a.recv();
        }
    }

    private static double median(List<Double> xs) {
        return Figures.median(xs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static long leftoverChildren() {
        return ProcessHandle.current().children().count();
    }
}
