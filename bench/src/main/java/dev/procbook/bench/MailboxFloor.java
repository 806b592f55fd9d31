package dev.procbook.bench;

import dev.procbook.manager.ProxyCost;
import dev.procbook.process.Throughput;
import dev.procbook.process.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor under a proxy call: processes passing a number back and forth through a file mapped in
 * {@code /dev/shm}, each side waiting as a manager's mailbox waits (spinning, then yielding its core every 16 spins:
 * after 500 ns, or at once if its last wait took over a microsecond), with no Procbook code on the way: no proxy, no
 * encoding, no dispatch, and no sleeping on a socket. A proxy call cannot be quicker than this on the same machine at
 * the same moment; what it takes beyond is ours.
 *
 * <p>{@link #run} starts an answering JVM, one thread a mailbox, and {@code clients} asking JVMs, each with its own
 * mailbox, as two worker processes call one manager. This JVM only starts them together and reads their figures.
 * Each mailbox file holds the request and reply numbers, three flags (asker ready, go, asker done) and then the
 * asker's timings.
 *
 * <p>usage (the other sides, started by {@link #run}): {@code MailboxFloor answer FILE...} or
 * {@code MailboxFloor ask FILE N}
 */
public final class MailboxFloor {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.nativeOrder());
    private static final int REQUEST = 0;
    private static final int REPLY = 64;
    private static final int READY = 128;
    private static final int GO = 192;
    private static final int DONE = 256;
    private static final int TIMINGS = 4096;
    private static final long YIELD_AFTER_NANOS = 500;
    private static final long SHARED_CORE_WAIT_NANOS = 1000;
    private static final int WARMUP = 20_000;

    private MailboxFloor() {
    }

    /**
     * Round trips from {@code clients} processes at once, {@code n} each after a warm-up, counted as
     * {@link ProxyCost#fromWorkers} counts calls: the median and 99th percentile of all round trips, and all clients'
     * round trips a second over the span from the first start to the last end.
     *
     * @throws UncheckedIOException if the files or processes cannot be made
     */
    public static ProxyCost.Calls run(int clients, int n) {
        List<Path> files = new ArrayList<>();
        List<MappedByteBuffer> boxes = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        try {
            List<String> answer = command("answer");
            for (int c = 0; c < clients; c++) {
                // named with this pid, as the manager's mailboxes are: tests running beside leave such files alone
                Path f = Files.createTempFile(Path.of("/dev/shm"),
                        "procbook-floor-" + ProcessHandle.current().pid() + "-", "");
                files.add(f);
                boxes.add(map(f, n));
                answer.add(f.toString());
            }
            processes.add(start(answer));
            for (Path f : files) {
                List<String> ask = command("ask");
                ask.addAll(List.of(f.toString(), Integer.toString(n)));
                processes.add(start(ask));
            }
            awaitFlag(boxes, READY, processes);
            for (MappedByteBuffer box : boxes) {
                LONGS.setVolatile(box, GO, 1L);
            }
            awaitFlag(boxes, DONE, processes);
            double[] micros = new double[clients * n];
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int c = 0; c < clients; c++) {
                MappedByteBuffer box = boxes.get(c);
                for (int i = 0; i < n; i++) {
                    micros[c * n + i] = (long) LONGS.get(box, TIMINGS + 8 * i) / 1e3;
                }
                first = Math.min(first, (long) LONGS.get(box, TIMINGS + 8 * n));
                last = Math.max(last, (long) LONGS.get(box, TIMINGS + 8 * (n + 1)));
            }
            return new ProxyCost.Calls(Throughput.median(micros), Throughput.percentile(micros, 99),
                    clients * (double) n / ((last - first) / 1e9));
        } catch (IOException e) {
            throw new UncheckedIOException("mailbox floor: clients=" + clients, e);
        } finally {
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
            for (Path f : files) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // a file left in /dev/shm is reported by the bench's leftover check
                }
            }
        }
    }

    private static List<String> command(String role) {
        return new ArrayList<>(List.of(WorkerOptions.defaults().javaCommand().toString(), "-cp",
                System.getProperty("java.class.path"), MailboxFloor.class.getName(), role));
    }

    private static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Sleeps until every mailbox has {@code flag} set; a process that exits meanwhile failed. */
    private static void awaitFlag(List<MappedByteBuffer> boxes, int flag, List<Process> processes) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!boxes.stream().allMatch(b -> (long) LONGS.getVolatile(b, flag) != 0)) {
            if (processes.stream().anyMatch(p -> !p.isAlive()) || System.nanoTime() > deadline) {
                throw new IllegalStateException("mailbox floor: a process exited or hung: flag=" + flag);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("mailbox floor interrupted", e);
            }
        }
    }

    /** The answering or an asking JVM; each runs until its parent kills it or goes. */
    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("answer")) {
            for (int i = 1; i < args.length; i++) {
                MappedByteBuffer box = map(Path.of(args[i]), 0);
                Thread t = new Thread(() -> answer(box), "floor-answer-" + i);
                t.setDaemon(true);
                t.start();
            }
        } else if (args.length == 3 && args[0].equals("ask")) {
            int n = Integer.parseInt(args[2]);
            ask(map(Path.of(args[1]), n), n);
        } else {
            throw new IllegalArgumentException("usage: MailboxFloor answer FILE... | ask FILE N");
        }
        while (System.in.read() >= 0) {
            // standard input ends with the parent
        }
    }

    private static void answer(MappedByteBuffer box) {
        Waiter waiter = new Waiter(box, REQUEST);
        while (true) {
            long seq = waiter.next();
            waiter.await();
            LONGS.setVolatile(box, REPLY, seq);
        }
    }

    /** A warm-up, then {@code n} timed round trips: each one's nanoseconds, then the start and end of the run. */
    private static void ask(MappedByteBuffer box, int n) {
        Waiter waiter = new Waiter(box, REPLY);
        timed(waiter, box, new long[WARMUP + 2]); // through the timing loop, as ProxyCost warms up
        LONGS.setVolatile(box, READY, 1L);
        while ((long) LONGS.getVolatile(box, GO) == 0) {
            Thread.onSpinWait(); // polled, not awaited: a woken process may start milliseconds late
        }
        long[] timed = timed(waiter, box, new long[n + 2]);
        for (int i = 0; i < n + 2; i++) {
            LONGS.set(box, TIMINGS + 8 * i, timed[i]);
        }
        LONGS.setVolatile(box, DONE, 1L);
    }

    /** Fills {@code out} with round trips' nanoseconds, then the start and end of the run. */
    private static long[] timed(Waiter waiter, MappedByteBuffer box, long[] out) {
        int n = out.length - 2;
        out[n] = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            LONGS.setVolatile(box, REQUEST, waiter.next());
            waiter.await();
            out[i] = System.nanoTime() - t0;
        }
        out[n + 1] = System.nanoTime();
        return out;
    }

    /**
     * Waits as {@code SharedMemoryCallTransport} does before it would sleep, for the numbers 1, 2, 3 ... in turn; one
     * per side of a mailbox.
     */
    private static final class Waiter {
        private final MappedByteBuffer box;
        private final int at;
        private long seq;
        private boolean peerSharesCore;

        Waiter(MappedByteBuffer box, int at) {
            this.box = box;
            this.at = at;
        }

        /** The number the next {@link #await()} waits for. */
        long next() {
            return seq + 1;
        }

        /** Returns once the number at {@code at} is {@link #next()} or more. */
        void await() {
            seq++;
            long start = System.nanoTime();
            long yieldFrom = start + (peerSharesCore ? 0 : YIELD_AFTER_NANOS);
            for (int i = 1; (long) LONGS.getVolatile(box, at) < seq; i++) {
                Thread.onSpinWait();
                if ((i & 15) == 0 && System.nanoTime() > yieldFrom) {
                    Thread.yield();
                }
            }
            peerSharesCore = System.nanoTime() - start > SHARED_CORE_WAIT_NANOS;
        }
    }

    /** Maps {@code file}, growing it to hold a mailbox and {@code n} timings. */
    private static MappedByteBuffer map(Path file, int n) throws IOException {
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = Math.max(fc.size(), TIMINGS + 8L * (n + 2));
            return fc.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
    }
}
