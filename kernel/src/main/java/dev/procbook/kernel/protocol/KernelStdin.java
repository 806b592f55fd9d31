package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.zeromq.ZMQ;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kernel's stdin channel: asks the front end for a line ({@code input()}, {@code System.in}) on a thread of its
 * own, while the cell's thread waits, so that an interrupt stops the cell.
 *
 * <p>jjava-jupyter's channel waits for the reply inside the socket, in a native poll that JDK 17's
 * {@code Thread.stop} cannot reach: a cell waiting for input could not be interrupted. Here the cell's thread waits
 * in Java; stopped, it gives the question up, and the asking thread stops waiting within {@value #POLL_MILLIS} ms. A
 * reply that comes later answers nothing and is dropped before the next question, as ipykernel drops it. Every message
 * is dated by {@link MessageDates}.
 */
final class KernelStdin extends StdinChannel {

    private static final int POLL_MILLIS = 50;

    private final ExecutorService asker;
    private final KernelIOPub published;

    /** @param published the iopub channel, whose messages handed earlier go out before an input request */
    KernelStdin(ZMQ.Context context, HMACGenerator hmac, LoopGuard guard, KernelIOPub published) {
        super(context, hmac);
        this.published = published;
        this.asker = Executors.newSingleThreadExecutor(r -> {
            Thread t = guard.thread(r, "procbook-stdin");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void sendMessage(Message<?> message) {
        published.awaitHanded(); // the output that leads to a prompt shows before it
        synchronized (this) {
            super.sendMessage(MessageDates.precise(message));
        }
    }

    /**
     * Asks the front end for a line and waits for it.
     *
     * @throws CancellationException when the caller is interrupted while it waits, or the channel closes
     */
    @Override
    public String getInput(MessageContext context, String prompt, boolean isPasswordRequest) {
        AtomicBoolean givenUp = new AtomicBoolean();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(
                () -> ask(context, new InputRequest(prompt, isPasswordRequest), givenUp), asker);
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("input was interrupted: prompt=" + prompt);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            givenUp.set(!answer.isDone()); // also when a stop (ThreadDeath) ends the wait
        }
    }

    /**
     * On the asking thread: drops replies that came after their question was given up (a front end's reply names
     * no question), sends the request, then reads until a reply comes or the caller gives up.
     */
    private String ask(MessageContext context, InputRequest question, AtomicBoolean givenUp) {
        ZMQ.Poller poller = ctx.poller(1);
        try {
            poller.register(this, ZMQ.Poller.POLLIN);
            while (poller.poll(0) > 0) {
                read();
            }
            sendMessage(new Message<>(context, InputRequest.MESSAGE_TYPE, question));
            while (!givenUp.get()) {
                if (poller.poll(POLL_MILLIS) <= 0) {
                    continue;
                }
                Message<?> reply = read();
                if (reply != null && InputReply.MESSAGE_TYPE.equals(reply.getHeader().getType())) {
                    return ((InputReply) reply.getContent()).getValue() + System.lineSeparator();
                }
            }
            throw new CancellationException("input was given up: prompt=" + question.getPrompt());
        } finally {
            poller.close();
        }
    }

    /** The next message, or null if it could not be read (a wrong signature, say): it is left out. */
    private Message<?> read() {
        try {
            return readMessage();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        asker.shutdownNow();
        super.close();
    }
}
