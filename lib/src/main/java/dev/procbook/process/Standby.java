package dev.procbook.process;

import dev.procbook.process.wire.DaemonThreads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Processes started ahead of need and kept waiting, per set of {@link WorkerOptions} with a {@code standby} count:
 * a {@link #take} gets live ones at once, and one background thread starts their replacements. Standby workers
 * ({@link Worker#startStandby}) and standby managers are two uses of it.
 *
 * <p>A process is never returned here after use. One that died while waiting is dropped; when none can be started,
 * takers get none and start their own, which report the failure. {@link #clear()} stops every waiting one.
 * {@code Standby<Worker> s = new Standby<>("procbook-standby", Worker::startCold, Worker::isReady, Worker::terminate);}
 *
 * @param <T> what is kept waiting
 */
public final class Standby<T> implements AutoCloseable {

    /** Starts {@code n} processes for {@code options}, ready to be taken; throws if it cannot. */
    @FunctionalInterface
    public interface Starter<T> {
        /** Starts and readies {@code n} processes; see {@link Starter}. */
        List<T> start(int n, WorkerOptions options) throws InterruptedException;
    }

    /**
     * Replacements start this long after a take, so that their JVMs' start does not compete for the cores with the
     * first work of whoever took the waiting ones.
     */
    static final long REFILL_DELAY_MILLIS = 500;

    private final Starter<T> starter;
    private final Predicate<T> alive;
    private final Consumer<T> stop;
    private final ExecutorService filler;
    private final Map<WorkerOptions, Deque<T>> ready = new HashMap<>();
    /** The options a fill is scheduled for, with the generation it fills. */
    private final Map<WorkerOptions, Long> filling = new HashMap<>();
    /** Counts {@link #clear()} calls: processes started before one are not kept after it. */
    private long generation;

    /**
     * Keeps processes that {@code starter} starts, tells live from dead ones with {@code alive}, and ends them with
     * {@code stop}; the filling thread is named {@code threadName}.
     */
    public Standby(String threadName, Starter<T> starter, Predicate<T> alive, Consumer<T> stop) {
        this.starter = starter;
        this.alive = alive;
        this.stop = stop;
        this.filler = Executors.newSingleThreadExecutor(DaemonThreads.factory(threadName));
    }

    /** Takes up to {@code n} live waiting processes for {@code options}, and starts their replacements. */
    public List<T> take(int n, WorkerOptions options) {
        List<T> taken = new ArrayList<>();
        List<T> dead = new ArrayList<>();
        synchronized (ready) {
            Deque<T> waiting = waitingFor(options);
            while (taken.size() < n && !waiting.isEmpty()) {
                T t = waiting.pollFirst();
                (alive.test(t) ? taken : dead).add(t);
            }
            fillLater(options, REFILL_DELAY_MILLIS);
        }
        dead.forEach(stop);
        return taken;
    }

    /** Starts the processes for {@code options} in the background, now. */
    public void start(WorkerOptions options) {
        synchronized (ready) {
            fillLater(options, 0);
        }
    }

    /** How many processes for {@code options} wait now. */
    public int waiting(WorkerOptions options) {
        synchronized (ready) {
            Deque<T> waiting = ready.get(options);
            return waiting == null ? 0 : waiting.size();
        }
    }

    private Deque<T> waitingFor(WorkerOptions options) {
        return ready.computeIfAbsent(options, o -> new ArrayDeque<>());
    }

    private void fillLater(WorkerOptions options, long delayMillis) {
        long gen = generation;
        if (filling.putIfAbsent(options, gen) == null && !filler.isShutdown()) {
            filler.execute(() -> fill(options, gen, delayMillis));
        }
    }

    /** Starts processes until {@code options.standby()} wait, unless {@link #clear()} ends generation {@code gen}. */
    private void fill(WorkerOptions options, long gen, long delayMillis) {
        try {
            Thread.sleep(delayMillis);
            while (true) {
                int missing;
                synchronized (ready) {
                    if (gen != generation) {
                        return;
                    }
                    missing = options.standby() - waitingFor(options).size();
                }
                if (missing <= 0) {
                    return;
                }
                List<T> started = starter.start(missing, options);
                synchronized (ready) {
                    if (gen == generation) {
                        waitingFor(options).addAll(started);
                        continue;
                    }
                }
                started.forEach(stop);
                return;
            }
        } catch (RuntimeException e) {
            // No standby then: takers with these options start their own, and report the failure.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (ready) {
                filling.remove(options, gen);
            }
        }
    }

    /** Stops every waiting process; a later start or take starts new ones. */
    public void clear() {
        List<T> all = new ArrayList<>();
        synchronized (ready) {
            ready.values().forEach(all::addAll);
            ready.clear();
            filling.clear();
            generation++;
        }
        all.forEach(stop);
    }

    /** Stops every waiting process and the filling thread; idempotent. */
    @Override
    public void close() {
        filler.shutdownNow();
        clear();
    }
}
