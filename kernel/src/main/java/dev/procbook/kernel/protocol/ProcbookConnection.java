package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.GeneralSecurityException;

/**
 * The kernel's side of a Jupyter connection, with {@link PollingShellChannel}s on the shell and control ports.
 *
 * <p>Heartbeat, stdin and iopub are jjava-jupyter's; the shell and control sockets that its constructor makes
 * are never bound and are closed with the rest.
 */
public final class ProcbookConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final ZMQ.Context context = ZMQ.context(1);
    private final PollingShellChannel fastShell;
    private final PollingShellChannel fastControl;
    private boolean connected;
    private boolean closed;

    /**
     * Prepares (but does not bind) the sockets described by a connection file.
     *
     * @throws IllegalArgumentException when the signature scheme or key cannot be used
     */
    public static ProcbookConnection create(KernelConnectionProperties props) {
        try {
            return new ProcbookConnection(props);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "connection file: unusable signature: scheme=" + props.getSignatureScheme() + ", cause=" + e, e);
        }
    }

    private ProcbookConnection(KernelConnectionProperties props) throws GeneralSecurityException {
        super(props);
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        this.fastShell = new PollingShellChannel(context, hmac, false, this);
        this.fastControl = new PollingShellChannel(context, hmac, true, this);
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        heartbeat.bind(props);
        fastShell.bind(props);
        fastControl.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        connected = true;
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        fastShell.close();
        fastControl.close();
        super.close();
        context.close();
    }

    @Override
    public void waitUntilClose() {
        fastShell.waitUntilClose();
        fastControl.waitUntilClose();
        heartbeat.waitUntilClose();
    }
}
