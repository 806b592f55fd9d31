package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.GeneralSecurityException;
import java.util.function.BooleanSupplier;

/**
 * The kernel's side of a Jupyter connection, with {@link PollingShellChannel}s on the shell and control ports and a
 * {@link PollingHeartbeat}, whose loops outlive a full heap and end the kernel if they die.
 *
 * <p>Every socket that is bound lives in a JeroMQ context of our own, whose I/O thread is made by the
 * {@link LoopGuard}, so that its death ends the kernel with a message rather than leave every socket silent. The
 * sockets that jjava-jupyter's constructor makes in its own context are never bound and are closed with the rest.
 */
public final class ProcbookConnection extends JupyterConnection {

    private final KernelConnectionProperties props;
    private final ZMQ.Context context = ZMQ.context(1);
    private final PollingShellChannel fastShell;
    private final PollingShellChannel fastControl;
    private final PollingHeartbeat pulse;
    private final KernelIOPub publish;
    private final StdinChannel input;
    private boolean connected;
    private volatile boolean closed;

    /**
     * Prepares (but does not bind) the sockets described by a connection file.
     *
     * @param guard runs the channels' loops; its fatal handler is also given to JeroMQ's I/O threads
     * @param onCellThread whether the calling thread is one a cell's interrupt may stop ({@link KernelIOPub})
     * @throws IllegalArgumentException when the signature scheme or key cannot be used
     */
    public static ProcbookConnection create(KernelConnectionProperties props, LoopGuard guard,
                                            BooleanSupplier onCellThread) {
        // JeroMQ gives its I/O threads the default handler of the moment their context is made: without them no
        // message moves, so their death must end the kernel too
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(guard.fatal());
        try {
            return new ProcbookConnection(props, guard, onCellThread);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "connection file: unusable signature: scheme=" + props.getSignatureScheme() + ", cause=" + e, e);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private ProcbookConnection(KernelConnectionProperties props, LoopGuard guard, BooleanSupplier onCellThread)
            throws GeneralSecurityException {
        super(props);
        this.props = props;
        // before the first socket: that is when the context starts its I/O threads
        context.setThreadFactor(guard::ioThread);
        HMACGenerator hmac = props.createHMACGenerator();
        this.publish = new KernelIOPub(context, hmac, guard, onCellThread);
        this.input = new KernelStdin(context, hmac, guard, publish);
        this.fastShell = new PollingShellChannel(context, hmac, false, this, guard, publish);
        this.fastControl = new PollingShellChannel(context, hmac, true, this, guard, publish);
        this.pulse = new PollingHeartbeat(context, hmac, guard);
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        pulse.bind(props);
        fastShell.bind(props);
        fastControl.bind(props);
        input.bind(props);
        publish.bind(props);
        connected = true;
        publish.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public IOPubChannel getIOPub() {
        return publish;
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        // its constructor is protected (jjava-jupyter makes them in its own package): an empty subclass may call it
        return new ShellReplyEnvironment(shell, input, publish, context) { };
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        fastShell.close();
        fastControl.close();
        pulse.close();
        input.close();
        publish.close();
        super.close();
        context.close();
    }

    /** Whether {@link #close()} was called, as on a shutdown request. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void waitUntilClose() {
        fastShell.waitUntilClose();
        fastControl.waitUntilClose();
        pulse.waitUntilClose();
    }
}
