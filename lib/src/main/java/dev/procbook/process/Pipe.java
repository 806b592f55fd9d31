package dev.procbook.process;

import dev.procbook.process.wire.Hub;
import java.time.Duration;

/**
 * A pair of connected {@link Connection} ends, duplex or one-way, that work across processes:
 * {@code try (Pipe p = Pipe.open()) { pool.submit(() -> { p.b().send("hi"); return 0; }); p.a().recv(); }}.
 *
 * <p>Each end connects on first use from the process that uses it; the ends then talk over one Unix domain
 * socket. When both ends are used in other processes, this process relays between them.
 *
 * <p>Nothing waits forever for an end that is never used: sends and {@link Connection#flush()} on the other end
 * complete (small sends are kept until the partner connects), while a receive, or a send too large to keep, waits
 * for the partner at most the pipe's connect timeout ({@link #CONNECT_TIMEOUT} unless given) and then throws
 * {@link PeerNotConnectedException}; closing the pipe fails such waits at once.
 *
 * @param a the first end; in a one-way pipe, the receiving end
 * @param b the second end; in a one-way pipe, the sending end
 */
public record Pipe(Connection a, Connection b) implements AutoCloseable {

    /** How long an end waits, by default, for its partner end to be used somewhere. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    /** Opens a duplex pipe. */
    public static Pipe open() {
        return open(true);
    }

    /**
     * Opens a pipe; when {@code duplex} is false, {@link #a()} only receives and {@link #b()} only sends, as with
     * Python's {@code Pipe(duplex=False)}.
     */
    public static Pipe open(boolean duplex) {
        return open(duplex, CONNECT_TIMEOUT);
    }

    /**
     * Opens a pipe whose ends wait at most {@code connectTimeout} for each other; see {@link #open(boolean)}.
     *
     * @throws IllegalArgumentException if {@code connectTimeout} is not positive
     */
    public static Pipe open(boolean duplex, Duration connectTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout not positive: timeout=" + connectTimeout);
        }
        Hub hub = Hub.acquire();
        long id = ProcessServices.get().pipes.create(hub);
        return new Pipe(new PipeEnd(hub.address(), id, 0, true, duplex, connectTimeout),
                new PipeEnd(hub.address(), id, 1, duplex, true, connectTimeout));
    }

    /** Closes both ends here and releases the pipe's rendezvous, failing waits for a partner; idempotent. */
    @Override
    public void close() {
        a.close();
        b.close();
        ((PipeEnd) a).abandon();
        ((PipeEnd) b).abandon();
        ProcessServices.get().pipes.release(((PipeEnd) a).pipeId());
    }
}
