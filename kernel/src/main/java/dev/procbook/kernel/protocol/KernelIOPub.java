package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The kernel's iopub channel: every message carries the date it is sent ({@link MessageDates}), and all go out from
 * the channel's own sender thread, in the order they were handed to it.
 *
 * <p>The thread that runs a cell only hands its messages over, as IPython's iopub thread has them: sent from that
 * thread, each woke JeroMQ's I/O thread through a pipe, a wake-up that Linux takes as "the writer sleeps next" and
 * so runs the I/O thread on the writer's own core, ahead of the cell it was compiling. On a 2-core KVM machine that
 * cost a declaration cell 3 to 4 ms in half of the cells. A reply or an input request still goes out after every
 * iopub message handed before it ({@link #awaitHanded}), so a front end sees a cell's output before its reply.
 *
 * <p>On JDK 17 JShell stops a cell with {@code Thread.stop}. A cell's thread publishes (a display, a cleared output, a
 * printing loop that drains its full buffer), and stopped halfway through a message, between its frames or inside
 * the HMAC that every channel shares, it left the next message of any channel with a wrong signature, which the
 * front end refuses. Such a thread waits until its message is out; a stop then only ends the wait, and the message
 * still goes out whole.
 *
 * <p>Nor is any message dropped when the front end reads more slowly than a cell publishes (see the constructor).
 */
final class KernelIOPub extends IOPubChannel {

    private static final Logger LOG = Logger.getLogger(KernelIOPub.class.getName());

    /**
     * How long the sender sleeps at most when no message came: a bound, should a wake-up be lost to a stop. The
     * next message or reply wakes it anyway, so a lost wake-up delays nothing a front end waits for; waking every
     * 5 ms made the sender an idle kernel's busiest thread.
     */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BooleanSupplier stoppable;
    private final LoopGuard guard;
    private final ConcurrentLinkedQueue<Handoff> handed = new ConcurrentLinkedQueue<>();
    private final AtomicLong handedCount = new AtomicLong();
    /** How many handed messages are out; guarded by this. */
    private long sentCount;
    private final Thread sender;
    private volatile boolean open = true;

    /**
     * @param stoppable whether the calling thread is one that a cell's interrupt may stop
     */
    KernelIOPub(ZMQ.Context context, HMACGenerator hmac, LoopGuard guard, BooleanSupplier stoppable) {
        super(context, hmac);
        this.guard = guard;
        this.stoppable = stoppable;
        // Queue what a slow front end has not read yet rather than drop it: a publisher drops messages past its
        // high-water mark (1000 by default), and a cell flooding output could push out the idle status that ends
        // its request, leaving the front end waiting for ever. Blocking instead (no-drop) would stall the kernel's
        // control replies behind output that a client reads only later.
        setSndHWM(0);
        this.sender = guard.thread(this::sendHanded, "procbook-iopub-sender");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void sendMessage(Message<?> message) {
        // a lock-free queue: a stop lands before the message is queued or after, never halfway
        boolean waits = stoppable.getAsBoolean();
        Handoff handoff = new Handoff(message, waits);
        handed.offer(handoff);
        handedCount.incrementAndGet();
        LockSupport.unpark(sender);
        if (waits) {
            handoff.await();
        }
    }

    /**
     * Waits until every message handed before this call is out, or the channel is closed: for the channels whose
     * messages a front end expects after the output (a reply, an input request). A stop ends the wait.
     */
    void awaitHanded() {
        long target = handedCount.get();
        LockSupport.unpark(sender);
        synchronized (this) {
            while (sentCount < target && open) {
                try {
                    wait(IDLE_NANOS / 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void sendHanded() {
        guard.loop(() -> open, () -> {
            if (!sendNextHanded()) {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        });
    }

    /**
     * Sends the oldest handed message, if any, and releases the threads that wait for it; taken and sent under
     * this channel's lock, so that no other send comes between.
     */
    private synchronized boolean sendNextHanded() {
        Handoff next = handed.poll();
        if (next == null) {
            return false;
        }
        try {
            super.sendMessage(MessageDates.precise(next.message));
        } catch (RuntimeException e) {
            next.failure = e;
            if (!next.awaited) { // no caller to throw it to: say it in the server's log rather than lose it
                LOG.log(Level.WARNING, "iopub message not sent: type=" + next.message.getHeader().getType(), e);
            }
        } finally {
            sentCount++;
            notifyAll();
            next.sent.countDown();
        }
        return true;
    }

    /** Sends what is still handed, then closes: the last status of a shutdown goes out. */
    @Override
    public void close() {
        synchronized (this) {
            while (sendNextHanded()) {
            }
            open = false;
            notifyAll();
        }
        LockSupport.unpark(sender);
        super.close();
    }

    /** A message handed to the sender, and whether it is out. */
    private static final class Handoff {
        private final Message<?> message;
        /** Whether the thread that handed it waits until it is out, and is told if it fails. */
        private final boolean awaited;
        private final CountDownLatch sent = new CountDownLatch(1);
        private volatile RuntimeException failure;

        Handoff(Message<?> message, boolean awaited) {
            this.message = message;
            this.awaited = awaited;
        }

        /** Waits until the message is out, as a send on this thread would; an interrupt ends the wait, kept. */
        void await() {
            try {
                sent.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
