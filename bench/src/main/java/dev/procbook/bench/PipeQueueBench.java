package dev.procbook.bench;

import dev.procbook.process.Throughput;
import dev.procbook.process.Throughput.Kind;
import dev.procbook.process.Worker;

/**
 * The counterpart of {@code pipe_queue.py}: Pipe (one-way) vs Queue between this process and ONE worker.
 *
 * <p>Same protocol as the Python script: this process produces, the worker consumes; a round is timed from the
 * first send until the worker acknowledges, on a separate pipe, that it received every message of the round;
 * round 0 is an untimed warm-up and worker start-up is excluded. One worker serves every measurement (a JVM
 * worker lives for many tasks, as in a pool), so its JIT is warm after the first. Metric names are those of the
 * Python script: {@code pipe_bytes} is {@code sendBytes}/{@code recvBytes}, {@code pipe} is {@code send}/
 * {@code recv} of the same object, {@code queue} is {@code put}/{@code get}. The measuring is lib's
 * {@link Throughput}, which notebook 05 uses too.
 *
 * <p>usage: {@code java -cp procbook-bench.jar dev.procbook.bench.PipeQueueBench [--quick]}
 */
public final class PipeQueueBench {

    private static final byte[] SMALL_BYTES = "x".repeat(64).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Tuple3 SMALL_TUPLE = new Tuple3(12345, 3.14159, "hello");

    /** Python's {@code (12345, 3.14159, "hello")}. */
    record Tuple3(int i, double d, String s) {
    }

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
                    double[] ts = Throughput.oneWay(worker, kind, msg, nSmall, rounds);
                    new Figures("pipe_queue.small." + mname + "." + kind.label())
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
                    double[] ts = Throughput.oneWay(worker, kind, payload, n, r);
                    new Figures("pipe_queue.large." + label + "." + kind.label())
                            .emit("throughput_median", (double) n * size / 1e6 / Figures.median(ts), "MB/s");
                }
            }
            for (boolean useBytes : new boolean[] {false, true}) {
                Throughput.RoundTrips trips = Throughput.roundTrips(worker, useBytes, ppN, ppRepeats, ppWarm);
                Figures f = new Figures("pipe_queue.pingpong.bytes64." + (useBytes ? "pipe_send_bytes" : "pipe_send_recv"));
                f.emit("rtt_median", trips.medianMicros(), "us");
                f.emit("rtt_p99", trips.p99Micros(), "us");
                f.emit("roundtrips_per_s", trips.perSecond(), "1/s");
            }
        }
        Figures script = new Figures("pipe_queue");
        script.emit("leftover_children", leftoverChildren(), "count");
        script.emit("script_wall", (System.nanoTime() - tScript) / 1e9, "s");
    }

    static long leftoverChildren() {
        return ProcessHandle.current().children().count();
    }
}
