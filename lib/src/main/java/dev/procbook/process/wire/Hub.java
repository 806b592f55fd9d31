package dev.procbook.process.wire;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * This process's listening socket: peers of the family connect to it, prove the {@link Secret}, name a purpose
 * ({@code "kind:argument"}), and are handed to the handler registered for that kind, each in its own thread.
 *
 * <p>The hub is shared and reference counted: {@link #acquire()} opens it on first use, and when the last holder
 * closes it the socket file and its private directory are removed. Its socket and handlers belong to the process's
 * {@link Wiring}.
 * {@code try (Hub hub = Hub.acquire()) { hub.handle("echo", (arg, ch) -> ...); }}
 */
public final class Hub implements AutoCloseable {

    /**
     * Receives an authenticated connection whose purpose named this handler's kind; the handler owns the channel
     * and closes it, or keeps it open after returning; if it throws, the hub closes the channel.
     */
    @FunctionalInterface
    public interface Handler {
        /** Serves {@code channel}; {@code argument} is the text after the colon of the purpose. */
        void serve(String argument, FramedChannel channel) throws Exception;
    }

    private final Wiring wiring;
    private final Path address;
    private boolean closed;

    private Hub(Wiring wiring, Path address) {
        this.wiring = wiring;
        this.address = address;
    }

    /**
     * Opens the process's hub if needed and holds it until {@link #close()}.
     *
     * @throws UncheckedIOException if the socket cannot be created
     */
    public static Hub acquire() {
        Wiring w = Wiring.get();
        return new Hub(w, w.holdListener().socketPath);
    }

    /**
     * Registers {@code handler} for purposes of {@code kind}, replacing any earlier one; hubs share handlers.
     * Kinds that Procbook serves are registered by the {@link Wiring} itself; this is for others.
     */
    public static void handle(String kind, Handler handler) {
        Wiring.get().handle(kind, handler);
    }

    /**
     * The path of the socket file that peers connect to.
     *
     * @throws HandleClosedException if this hold was released
     */
    public synchronized Path address() {
        if (closed) {
            throw new HandleClosedException("hub: address=" + address);
        }
        return address;
    }

    /**
     * Connects to the hub at {@code address}, proves {@code secret} and names {@code purpose}.
     *
     * @throws UncheckedIOException  if nothing listens at {@code address}
     * @throws PeerRejectedException if the handshake fails
     */
    public static FramedChannel connect(Path address, Secret secret, String purpose) {
        FramedChannel ch = FramedChannel.connect(address);
        try {
            Handshake.asClient(ch, secret, purpose);
            return ch;
        } catch (RuntimeException e) {
            ch.abort();
            throw e;
        }
    }

    /** Releases this hold; the last release closes the socket and removes its file; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        wiring.releaseListener();
    }
}
