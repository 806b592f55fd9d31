package dev.procbook.kernel;

import dev.procbook.kernel.protocol.LoopGuard;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stdout and stderr of cells: written in batches ({@link BatchedOutput}) and published by a flusher thread of
 * its own to the request being executed, or, for threads that outlive their cell (a pool's progress, an
 * inputter), to the last cell's output, as in IPython. The flusher outlives a full heap ({@link LoopGuard}).
 */
final class CellOutput implements AutoCloseable {

    private static final long FLUSH_MILLIS = 50;
    /** How long the flusher sleeps at most with nothing to publish: a write wakes it (an idle kernel stays asleep). */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = Logger.getLogger(CellOutput.class.getName());

    private volatile ShellReplyEnvironment current;
    private volatile ShellReplyEnvironment last;
    private final BatchedOutput stdoutBatches = new BatchedOutput(text -> publish(text, false), this::wakeFlusher);
    private final BatchedOutput stderrBatches = new BatchedOutput(text -> publish(text, true), this::wakeFlusher);
    private final PrintStream out = new PrintStream(stdoutBatches, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(stderrBatches, true, StandardCharsets.UTF_8);
    private final LoopGuard guard;
    private final Thread flusher;

    CellOutput(LoopGuard guard) {
        this.guard = guard;
        this.flusher = guard.thread(this::flushEvery, "procbook-output-flusher");
        flusher.setDaemon(true);
    }

    /** Starts publishing, {@value #FLUSH_MILLIS} ms after the first write into an empty buffer. */
    void start() {
        flusher.start();
    }

    private void wakeFlusher() {
        LockSupport.unpark(flusher);
    }

    private void flushEvery() {
        guard.loop(() -> true, () -> {
            try {
                if (!stdoutBatches.hasPending() && !stderrBatches.hasPending()) {
                    LockSupport.parkNanos(IDLE_NANOS); // a write's wake-up before this park ends it at once
                    return;
                }
                Thread.sleep(FLUSH_MILLIS);
                flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "output could not be published; the flusher goes on", e);
            }
        });
    }

    private void publish(String text, boolean stderr) {
        ShellReplyEnvironment env = current != null ? current : last;
        if (env == null) {
            return;
        }
        if (stderr) {
            env.writeToStdErr(text);
        } else {
            env.writeToStdOut(text);
        }
    }

    /** Sends output to {@code env} from now on. */
    void attach(ShellReplyEnvironment env) {
        current = env;
        last = env;
    }

    /** Publishes what is buffered; later output goes to the last request's output until the next attach. */
    void detach() {
        flush();
        current = null;
    }

    /** The request being executed, or null between requests. */
    ShellReplyEnvironment current() {
        return current;
    }

    /** Publishes buffered stdout and stderr now: before any other output, so the order is kept. */
    void flush() {
        // A cell's thread stopped in a write (JDK 17 stops it with Thread.stop) can leave the text inside the
        // PrintStream's own buffers, which only its next write passes on, into the next cell's output: an empty
        // write passes it on now, to the cell that printed it.
        out.print("");
        err.print("");
        stdoutBatches.drain();
        stderrBatches.drain();
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    @Override
    public void close() {
        flusher.interrupt();
    }
}
