package dev.procbook.manager;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.DaemonThreads;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Handshake;
import dev.procbook.process.wire.PeerRejectedException;
import dev.procbook.process.wire.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * This process's connections to one manager, shared by all its proxies of that manager: one session connection,
 * which carries reference counts and whose end tells the manager this process is gone, and one calls connection per
 * thread that calls (see {@link ManagerProtocol}).
 *
 * <p>When the manager is found gone (a connection dropped or was refused), every later call fails at once with a
 * {@link ManagerDiedException}; after the process that owns the manager closed it, with a
 * {@link ManagerClosedException}.
 */
final class ServerLink {

    /** Releases the references of proxies that were collected without being closed. */
    static final Cleaner CLEANER = Cleaner.create(DaemonThreads.factory("procbook-proxy-cleaner"));
    private static final Map<String, ServerLink> LINKS = new ConcurrentHashMap<>();

    final ManagerAddress address;
    final Secret secret;
    /** The manager's pid; 0 until a link made by {@link Manager#connect} has asked. */
    volatile long pid;
    private final String session = ProcessHandle.current().pid() + "-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final ThreadLocal<CallChannel> calls = new ThreadLocal<>();
    private final Set<CallChannel> open = ConcurrentHashMap.newKeySet();
    /** A calls connection opened ahead of need, for the first thread that calls without one. */
    private final AtomicReference<CallChannel> spare = new AtomicReference<>();
    private FramedChannel sessionChannel; // guarded by this
    private volatile boolean closedHere;
    private volatile String lost;
    /**
     * What the manager that this process started holds, and every proxy of it made here: the manager stops once
     * that is collected. Held weakly here, as the link outlives them in {@link #LINKS}.
     */
    private volatile WeakReference<Object> life = new WeakReference<>(null);

    private ServerLink(ManagerAddress address, Secret secret, long pid) {
        this.address = address;
        this.secret = secret;
        this.pid = pid;
    }

    /**
     * This process's link to the manager {@code pid} at {@code address}, made on first use; {@code pid} 0 takes any
     * live link to that address.
     */
    static ServerLink of(ManagerAddress address, Secret secret, long pid) {
        return LINKS.compute(address.toString(), (key, old) ->
                old != null && (pid == 0 || old.pid == 0 || old.pid == pid) && old.secret.equals(secret)
                        && !old.isGone() ? old.knowing(pid) : new ServerLink(address, secret, pid));
    }

    private ServerLink knowing(long managerPid) {
        if (pid == 0 && managerPid != 0) {
            pid = managerPid;
        }
        return this;
    }

    /** Makes {@code life} what the proxies made from now on hold: the life of the manager this process started. */
    void livesAs(Object life) {
        this.life = new WeakReference<>(life);
    }

    /** The life of the manager this process started, for a proxy to hold; null for one it did not start. */
    Object life() {
        return life.get();
    }

    /** Asks the manager its pid, if this link does not know it yet, and returns it. */
    long learnPid() {
        if (pid == 0) {
            CallChannel.Reply reply = request("connect", c -> c.simple(ManagerProtocol.INFO, 0));
            pid = (Long) reply.value();
        }
        return pid;
    }

    /** Whether the manager is known to be gone, or was closed here. */
    boolean isGone() {
        return closedHere || lost != null;
    }

    /**
     * Runs {@code request} on this thread's calls connection, opening it (and the session) on first use.
     *
     * @throws ManagerClosedException if the manager was closed by this process
     * @throws ManagerDiedException   if the manager is gone
     * @throws SecretRefusedException if the manager refused this link's secret
     */
    CallChannel.Reply request(String call, Function<CallChannel, CallChannel.Reply> request) {
        CallChannel c = channel(call);
        try {
            return request.apply(c);
        } catch (ChannelClosedException e) {
            throw gone(call, "connection lost", e);
        } catch (UncheckedIOException e) {
            throw gone(call, "connection failed: " + e.getMessage(), e);
        }
    }

    private CallChannel channel(String call) {
        CallChannel c = calls.get();
        if (c != null && !c.isClosed()) {
            return c;
        }
        check(call);
        openSession(call);
        for (CallChannel other : open) {
            if (other.ownerGone() && other != spare.get()) { // a thread that ended, such as a notebook cell's
                other.close();
                open.remove(other);
            }
        }
        CallChannel ready = spare.getAndSet(null);
        c = ready != null && !ready.isClosed() ? ready.adopt() : openCalls(call);
        calls.set(c);
        return c;
    }

    private CallChannel openCalls(String call) {
        FramedChannel ch = connect(ManagerProtocol.CALLS + ":" + session, call);
        CallChannel c;
        try {
            c = new CallChannel(address instanceof ManagerAddress.Unix ? SharedMemoryCallTransport.offer(ch)
                    : new SocketCallTransport(ch));
        } catch (ChannelClosedException e) {
            ch.abort();
            throw gone(call, "connection lost", e);
        }
        open.add(c);
        return c;
    }

    /**
     * Opens a calls connection ahead of need, which the next thread to call without one takes: a standby manager's
     * first caller then finds its connection, handshake and mailbox done.
     */
    void openSpare() {
        openSession("open ahead");
        CallChannel c = openCalls("open ahead");
        CallChannel old = spare.getAndSet(c);
        if (old != null) {
            old.close();
            open.remove(old);
        }
    }

    private void check(String call) {
        if (closedHere) {
            throw new ManagerClosedException(pid, call);
        }
        if (lost != null) {
            throw new ManagerDiedException(pid, call, lost, null);
        }
    }

    private synchronized void openSession(String call) {
        if (sessionChannel == null) {
            sessionChannel = connect(ManagerProtocol.SESSION + ":" + session, call);
        }
    }

    private FramedChannel connect(String purpose, String call) {
        FramedChannel ch;
        try {
            SocketChannel socket = SocketChannel.open(address.family());
            socket.connect(address.socketAddress());
            if (address instanceof ManagerAddress.Tcp) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ch = new FramedChannel(socket, address.toString());
        } catch (IOException e) {
            throw gone(call, "connection refused", e);
        }
        try {
            Handshake.asClient(ch, secret, purpose);
            return ch;
        } catch (PeerRejectedException e) {
            ch.abort();
            throw new SecretRefusedException(address.toString(), e);
        } catch (ChannelClosedException e) {
            ch.abort();
            throw gone(call, "connection lost in handshake", e);
        }
    }

    private RuntimeException gone(String call, String reason, Throwable cause) {
        if (closedHere) {
            return new ManagerClosedException(pid, call);
        }
        if (lost == null) {
            lost = reason;
        }
        return new ManagerDiedException(pid, call, reason, cause);
    }

    /** Takes a reference to {@code id} for this process; the manager applies it before later calls of the session. */
    void incref(long id) {
        sessionFrame(ManagerProtocol.INCREF, id, 0, false);
    }

    /** Releases a reference of this process to {@code id}; quietly nothing when the manager is gone. */
    void decref(long id) {
        sessionFrame(ManagerProtocol.DECREF, id, 0, false);
    }

    /** Takes a reference for a copy of a proxy about to be sent elsewhere; returns the token the copy carries. */
    long hold(long id) {
        long token = ThreadLocalRandom.current().nextLong() | 1; // never 0, which stands for no token
        return sessionFrame(ManagerProtocol.HOLD, id, token, true) ? token : 0;
    }

    /** Takes over, for this process, the reference a received copy of a proxy carried ({@code token} 0: none). */
    void adopt(long id, long token) {
        if (token == 0) {
            incref(id);
        } else {
            sessionFrame(ManagerProtocol.ADOPT, id, token, true);
        }
    }

    private boolean sessionFrame(byte type, long id, long token, boolean withToken) {
        if (isGone()) {
            return false;
        }
        try {
            openSession("reference count");
            Payload.Writer w = new Payload.Writer().i64(id);
            if (withToken) {
                w.i64(token);
            }
            FramedChannel ch;
            synchronized (this) {
                ch = sessionChannel;
            }
            ch.write(type, w.array(), 0, w.size());
            ch.flush(); // before the copy of a proxy can reach the manager by another way
            return true;
        } catch (RuntimeException e) {
            gone("reference count", "session connection lost", e);
            return false;
        }
    }

    /** Closes every connection of this link, as the process that owns the manager closes it; idempotent. */
    void closeHere() {
        closedHere = true;
        LINKS.remove(address.toString(), this);
        for (CallChannel c : open) {
            c.close();
        }
        open.clear();
        synchronized (this) {
            if (sessionChannel != null) {
                sessionChannel.abort();
            }
        }
    }
}
