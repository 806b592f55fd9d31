package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A shell or control channel that blocks in {@code poll} instead of sleeping between polls.
 *
 * <p>jjava-jupyter's own channel polls without waiting and then sleeps 50 ms, which adds up to 50 ms to every
 * request, and a message with a wrong signature ends its loop for good. This one answers as soon as a message
 * arrives, ignores (and logs) messages that fail the HMAC check or cannot be read, and goes on when the heap is
 * full ({@link LoopGuard}).
 */
final class PollingShellChannel extends ShellChannel {

    private static final Logger LOG = Logger.getLogger(PollingShellChannel.class.getName());
    private static final long POLL_MILLIS = 200;

    private final boolean control;
    private final JupyterConnection connection;
    private final LoopGuard guard;
    private final KernelIOPub published;
    private volatile boolean running;
    private Thread loop;

    /** @param published the iopub channel, whose messages handed earlier go out before a reply */
    PollingShellChannel(ZMQ.Context context, HMACGenerator hmac, boolean control, JupyterConnection connection,
                        LoopGuard guard, KernelIOPub published) {
        super(context, hmac, control, connection);
        this.control = control;
        this.connection = connection;
        this.guard = guard;
        this.published = published;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        int port = control ? props.getControlPort() : props.getShellPort();
        super.bind(formatAddress(props.getTransport(), props.getIp(), port));
        running = true;
        loop = guard.thread(this::pollLoop, control ? "procbook-control" : "procbook-shell");
        loop.start();
    }

    private void pollLoop() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            guard.loop(() -> running, () -> {
                if (poller.poll(POLL_MILLIS) > 0 && running) {
                    handleOne();
                }
            });
        } finally {
            poller.close();
        }
    }

    /** Reads a request and answers it; a request that runs out of memory in spite of the reserve ends the kernel. */
    private void handleOne() {
        try {
            readAndAnswer();
        } catch (OutOfMemoryError e) {
            guard.requestLost(loop.getName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void readAndAnswer() {
        Message<?> message;
        try {
            message = readMessage();
        } catch (SecurityException e) {
            LOG.warning("ignored a message with a wrong signature: channel=" + loop.getName());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignored a message that could not be read: channel=" + loop.getName(), e);
            return;
        }
        if (message == null) {
            return;
        }
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            LOG.fine(() -> "no handler: type=" + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "handler failed: type=" + message.getHeader().getType().getName(), e);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
        }
    }

    /** Sends a reply once the request's output is out: a front end sees a cell's output before its reply. */
    @Override
    public void sendMessage(Message<?> message) {
        published.awaitHanded();
        synchronized (this) {
            super.sendMessage(MessageDates.precise(message));
        }
    }

    @Override
    public void close() {
        running = false;
        super.close();
    }

    @Override
    public void waitUntilClose() {
        LoopGuard.join(loop);
    }
}
