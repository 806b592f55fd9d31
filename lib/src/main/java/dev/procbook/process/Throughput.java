package dev.procbook.process;

import dev.procbook.process.wire.WaitInterruptedException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures how fast messages go from this process to a worker, by the protocol of Python's
 * {@code bench/python/pipe_queue.py}, so that the two can be compared: one way over a {@link Pipe} or a
 * {@link Queue}, and round trips over a duplex pipe.
 *
 * <p>One way: this process sends {@code count} messages a round, the worker receives them and acknowledges on a
 * second pipe; a round is timed from the first send to the acknowledgement, and round 0 is a warm-up. A worker lives
 * for many measurements, as in a pool, so its JIT is warm after the first.
 *
 * <pre>{@code
 * try (Worker w = Worker.start()) {
 *     double msgsPerSecond = 20_000 / Throughput.median(Throughput.oneWay(w, Throughput.Kind.PIPE, new byte[64], 20_000, 3));
 * }
 * }</pre>
 */
public final class Throughput {

    private static final Duration WAIT = Duration.ofSeconds(120);

    /** How messages travel: {@code send}/{@code recv}, {@code sendBytes}/{@code recvBytes}, {@code put}/{@code get}. */
    public enum Kind {
        PIPE, PIPE_BYTES, QUEUE;

        /** The name Python's baseline uses: {@code pipe}, {@code pipe_bytes}, {@code queue}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One round trip's figures, each the median over the repeats: median and p99 in microseconds, and rate. */
    public record RoundTrips(double medianMicros, double p99Micros, double perSecond) {
    }

    private Throughput() {
    }

    /**
     * Seconds of each of {@code rounds} timed rounds of {@code count} messages sent to {@code worker}.
     *
     * @throws IllegalArgumentException if {@code kind} is {@link Kind#PIPE_BYTES} and {@code message} is not bytes
     * @throws TaskFailedException      if the worker's side failed
     * @throws IllegalStateException    if the worker does not acknowledge a round within two minutes
     */
    public static double[] oneWay(Worker worker, Kind kind, Object message, int count, int rounds) {
        if (kind == Kind.PIPE_BYTES && !(message instanceof byte[])) {
            throw new IllegalArgumentException("pipe_bytes sends bytes: message=" + message.getClass().getName());
        }
        try (Pipe ack = Pipe.open(false); Pipe data = Pipe.open(false); Queue queue = Queue.open()) {
            Connection rx = data.a();
            Connection ackTx = ack.b();
            CompletableFuture<Integer> consumer = worker.submit(() -> consume(kind, rx, queue, ackTx, count, rounds));
            Connection ackRx = ack.a();
            Connection tx = data.b();
            awaitAck(ackRx, consumer);
            double[] seconds = new double[rounds];
            for (int r = 0; r <= rounds; r++) {
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    switch (kind) {
                        case PIPE -> tx.send(message);
                        case PIPE_BYTES -> tx.sendBytes((byte[]) message);
                        default -> queue.put(message);
                    }
                }
                if (kind == Kind.QUEUE) {
                    queue.flush();
                } else {
                    tx.flush(); // the data pipe connects on first use: a queue round never touches it
                }
                awaitAck(ackRx, consumer);
                if (r > 0) {
                    seconds[r - 1] = (System.nanoTime() - start) / 1e9;
                }
            }
            finish(consumer);
            return seconds;
        }
    }

    private static int consume(Kind kind, Connection rx, Queue queue, Connection ackTx, int count, int rounds) {
        ackTx.send("ready");
        ackTx.flush();
        for (int r = 0; r <= rounds; r++) {
            for (int i = 0; i < count; i++) {
                switch (kind) {
                    case PIPE -> rx.recv();
                    case PIPE_BYTES -> rx.recvBytes();
                    default -> queue.get();
                }
            }
            ackTx.send(r);
            ackTx.flush();
        }
        return rounds;
    }

    /**
     * Round trips of a 64-byte message to {@code worker}, which echoes it: {@code warmup} untimed, then
     * {@code repeats} times {@code count} timed ones.
     *
     * @throws TaskFailedException if the worker's side failed
     */
    public static RoundTrips roundTrips(Worker worker, boolean bytes, int count, int repeats, int warmup) {
        byte[] message = new byte[64];
        Arrays.fill(message, (byte) 'x');
        try (Pipe pipe = Pipe.open(true)) {
            Connection there = pipe.b();
            CompletableFuture<Integer> echo = worker.submit(() -> echo(there, bytes));
            Connection here = pipe.a();
            for (int i = 0; i < warmup; i++) {
                roundTrip(here, message, bytes);
            }
            double[] medians = new double[repeats];
            double[] p99s = new double[repeats];
            double[] rates = new double[repeats];
            for (int rep = 0; rep < repeats; rep++) {
                double[] nanos = new double[count];
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    long t = System.nanoTime();
                    roundTrip(here, message, bytes);
                    nanos[i] = System.nanoTime() - t;
                }
                rates[rep] = count / ((System.nanoTime() - start) / 1e9);
                medians[rep] = median(nanos) / 1e3;
                p99s[rep] = percentile(nanos, 99) / 1e3;
            }
            if (bytes) {
                here.sendBytes(new byte[0]);
            } else {
                here.send(null);
            }
            here.flush();
            finish(echo);
            return new RoundTrips(median(medians), median(p99s), median(rates));
        }
    }

    private static int echo(Connection there, boolean bytes) {
        for (int count = 0; ; count++) {
            if (bytes) {
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
        }
    }

    private static void roundTrip(Connection here, byte[] message, boolean bytes) {
        if (bytes) {
            here.sendBytes(message);
            here.flush();
            here.recvBytes();
        } else {
            here.send(message);
            here.flush();
            here.recv();
        }
    }

    private static void awaitAck(Connection ackRx, CompletableFuture<?> consumer) {
        if (!ackRx.poll(WAIT)) {
            finish(consumer); // reports the worker's failure, if any
            throw new IllegalStateException("no acknowledgement from the worker: waited=" + WAIT);
        }
        ackRx.recv();
    }

    private static void finish(CompletableFuture<?> side) {
        try {
            side.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitInterruptedException("the worker's side of a throughput round", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the worker's side did not finish: waited=" + WAIT, e);
        }
    }

    /** The median of {@code samples}. */
    public static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The {@code p}-th percentile (0 to 100) of {@code samples}, by nearest rank. */
    public static double percentile(double[] samples, double p) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
}
