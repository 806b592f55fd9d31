package dev.procbook.process;

import dev.procbook.process.wire.Hub;

/**
 * A pair of connected {@link Connection} ends, duplex or one-way, that work across processes:
 * {@code try (Pipe p = Pipe.open()) { pool.submit(() -> { p.b().send("hi"); return 0; }); p.a().recv(); }}.
 *
 * <p>Each end connects on first use from the process that uses it; the ends then talk over one Unix domain
 * socket. When both ends are used in other processes, this process relays between them.
 *
 * @param a the first end; in a one-way pipe, the receiving end
 * @param b the second end; in a one-way pipe, the sending end
 */
public record Pipe(Connection a, Connection b) implements AutoCloseable {

    /** Opens a duplex pipe. */
    public static Pipe open() {
        return open(true);
    }

    /**
     * Opens a pipe; when {@code duplex} is false, {@link #a()} only receives and {@link #b()} only sends, as with
     * Python's {@code Pipe(duplex=False)}.
     */
    public static Pipe open(boolean duplex) {
        Hub hub = Hub.acquire();
        long id = PipeRegistry.create(hub);
        return new Pipe(new PipeEnd(hub.address(), id, 0, true, duplex), new PipeEnd(hub.address(), id, 1, duplex, true));
    }

    /** Closes both ends here and releases the pipe's rendezvous; idempotent. */
    @Override
    public void close() {
        a.close();
        b.close();
        PipeRegistry.release(((PipeEnd) a).pipeId());
    }
}
