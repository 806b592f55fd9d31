package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The heartbeat socket: echoes every ping, from a thread that survives a full heap.
 *
 * <p>jjava-jupyter's own heartbeat loop rethrows whatever its body throws, so one {@link OutOfMemoryError} ended
 * it for good; this one reports the error, waits a moment and goes on.
 */
final class PollingHeartbeat extends JupyterSocket {

    private static final long POLL_MILLIS = 200;

    private final LoopGuard guard;
    private volatile boolean running;
    private Thread loop;

    PollingHeartbeat(ZMQ.Context context, HMACGenerator hmac, LoopGuard guard) {
        super(context, SocketType.REP, hmac, LoggerFactory.getLogger(PollingHeartbeat.class));
        this.guard = guard;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        super.bind(formatAddress(props.getTransport(), props.getIp(), props.getHbPort()));
        running = true;
        loop = guard.thread(this::echoLoop, "procbook-heartbeat");
        loop.start();
    }

    private void echoLoop() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            guard.loop(() -> running, () -> {
                if (poller.poll(POLL_MILLIS) > 0 && running) {
                    byte[] ping = recv(ZMQ.DONTWAIT);
                    if (ping != null) {
                        send(ping);
                    }
                }
            });
        } finally {
            poller.close();
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
