package dev.procbook.manager;

import static dev.procbook.manager.CallMailboxDescriptor.CLIENT_WAITS;
import static dev.procbook.manager.CallMailboxDescriptor.ON_SOCKET;
import static dev.procbook.manager.CallMailboxDescriptor.REPLY_DATA;
import static dev.procbook.manager.CallMailboxDescriptor.REPLY_LENGTH;
import static dev.procbook.manager.CallMailboxDescriptor.REPLY_SEQUENCE;
import static dev.procbook.manager.CallMailboxDescriptor.REPLY_TYPE;
import static dev.procbook.manager.CallMailboxDescriptor.REQUEST_DATA;
import static dev.procbook.manager.CallMailboxDescriptor.REQUEST_LENGTH;
import static dev.procbook.manager.CallMailboxDescriptor.REQUEST_SEQUENCE;
import static dev.procbook.manager.CallMailboxDescriptor.REQUEST_TYPE;
import static dev.procbook.manager.CallMailboxDescriptor.SERVER_WAITS;

import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.SpinBudget;
import dev.procbook.process.wire.WaitInterruptedException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A calls connection whose requests and replies go through a mailbox in shared memory ({@link CallMailboxDescriptor})
 * rather than through the kernel: the writer copies the message into its slot and raises the slot's sequence; the
 * reader, spinning on that sequence for a moment ({@link #SPIN}), sees it within a fraction of a microsecond when
 * the two processes run on two cores. When they share one, the reader gives its core away at every turn, so that the
 * writer runs: a round trip then costs two switches between them, still no system call for the data. A reader whose
 * last wait took as long as such a switch starts yielding at once; one whose last message came sooner spins half a
 * microsecond first. A reader that spun in vain says so in the mailbox and sleeps on the connection's socket,
 * and a writer that finds it asleep wakes it with a frame there. The socket also carries what does not fit a slot,
 * and tells each side when the other's process is gone.
 *
 * <p>The client makes the mailbox, a file in {@code /dev/shm} only its user can open, offers its path on the socket
 * once the connection has proven the manager's secret, and removes the file once the manager has mapped it, so that
 * nothing is left behind. A manager on another host, or one that cannot map it, refuses, and the connection carries
 * its calls on the socket ({@link SocketCallTransport}).
 */
final class SharedMemoryCallTransport implements CallTransport {

    /**
     * The mailbox's spin: a reply usually comes within microseconds, far sooner than a sleeping thread is woken.
     * One slow reply (the first calls of a code path not yet compiled) does not end the spinning: it halves after
     * four misses in a row. A probe spins as long as a full budget: when both sides sleep, each answer comes late
     * because the other side has to be woken first, so a short probe on either side would never see one in time.
     */
    static final SpinBudget.Policy SPIN = new SpinBudget.Policy(TimeUnit.MICROSECONDS.toNanos(50), 4,
            TimeUnit.MICROSECONDS.toNanos(5), TimeUnit.MICROSECONDS.toNanos(50), 16);
    /**
     * A message that arrives later than this came after the wait gave its core away turn after turn, and on a
     * machine whose cores are all busy a sleeping reader, which the kernel wakes ahead of busy threads, gets it about
     * as soon. Such arrivals count as misses, so that there the waits end up sleeping. It is well above the round
     * trips that yielding serves best: about 5 us for a client and its manager thread sharing a core, 9 us for two
     * such pairs on one core, where sleeping took twice as long.
     */
    static final long WORTHWHILE_NANOS = TimeUnit.MICROSECONDS.toNanos(25);

    static final byte OFFER = 40;
    static final byte ACCEPT = 41;
    static final byte REFUSE = 42;
    static final byte WAKE = 43;
    private static final Path SHARED = Path.of("/dev/shm");
    private static final String PREFIX = "procbook-calls-";
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final byte[] NOTHING = new byte[0];
    /**
     * A spin that has not seen its message after this long gives its core away at every turn: a peer on another core
     * answers a small call well within it, and a peer on this core can only answer once we let it run.
     */
    private static final long YIELD_AFTER_NANOS = 500;
    /**
     * A wait longer than this went through a switch to the peer and back, so the next wait yields at once: spinning
     * first only keeps a peer on this core from running (one client and its manager thread on one core: 4.9 us a call
     * spinning first, 4.0 yielding at once). Half a round trip between two threads sharing a core takes about 2 us
     * here, a wait for a peer on another core a fraction of a microsecond, yields included; a peer on another core that
     * takes longer to answer costs a yielding wait only a system call that returns at once.
     */
    private static final long SHARED_CORE_WAIT_NANOS = 1000;
    private static volatile boolean staleRemoved;

    private final FramedChannel channel;
    private final MappedByteBuffer box;
    private final int sendSequence;
    private final int sendType;
    private final int sendLength;
    private final int sendData;
    private final int receiveSequence;
    private final int receiveType;
    private final int receiveLength;
    private final int receiveData;
    private final int iWait;
    private final int peerWaits;
    private final SpinBudget spin = new SpinBudget(SPIN);
    private long sent;
    private long received;
    /** Whether the last wait took longer than {@link #SHARED_CORE_WAIT_NANOS}: its peer then runs on this core. */
    private boolean peerSharesCore;
    private Frame arrivedOnSocket;

    private SharedMemoryCallTransport(FramedChannel channel, MappedByteBuffer box, boolean client) {
        this.channel = channel;
        this.box = box;
        sendSequence = client ? REQUEST_SEQUENCE : REPLY_SEQUENCE;
        sendType = client ? REQUEST_TYPE : REPLY_TYPE;
        sendLength = client ? REQUEST_LENGTH : REPLY_LENGTH;
        sendData = client ? REQUEST_DATA : REPLY_DATA;
        receiveSequence = client ? REPLY_SEQUENCE : REQUEST_SEQUENCE;
        receiveType = client ? REPLY_TYPE : REQUEST_TYPE;
        receiveLength = client ? REPLY_LENGTH : REQUEST_LENGTH;
        receiveData = client ? REPLY_DATA : REQUEST_DATA;
        iWait = client ? CLIENT_WAITS : SERVER_WAITS;
        peerWaits = client ? SERVER_WAITS : CLIENT_WAITS;
    }

    /**
     * The client's side: makes a mailbox and offers it on {@code ch}, a connection that has proven the manager's
     * secret; a transport on the socket alone when there is no shared memory here or the manager refuses.
     *
     * @throws dev.procbook.process.wire.ChannelClosedException if the manager goes away meanwhile
     */
    static CallTransport offer(FramedChannel ch) {
        if (!Files.isDirectory(SHARED) || !Files.isWritable(SHARED)) {
            return new SocketCallTransport(ch);
        }
        removeStale();
        Path file = SHARED.resolve(PREFIX + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        try {
            MappedByteBuffer box;
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                box = map(file);
            } catch (IOException e) {
                return new SocketCallTransport(ch);
            }
            ch.write(OFFER, file.toString().getBytes(StandardCharsets.UTF_8));
            ch.flush();
            Frame answer = ch.read();
            return answer.type() == ACCEPT ? new SharedMemoryCallTransport(ch, box, true) : new SocketCallTransport(ch);
        } finally {
            try {
                Files.deleteIfExists(file); // both sides keep their mapping; the name is no longer needed
            } catch (IOException e) {
                // removed as stale by a later process with this pid gone
            }
        }
    }

    /**
     * The manager's side: maps the mailbox that {@code offer} names, if it is one, and answers.
     *
     * @throws dev.procbook.process.wire.ChannelClosedException if the client goes away meanwhile
     */
    static CallTransport accept(FramedChannel ch, Frame offer) {
        Path file = Path.of(new String(offer.payload(), StandardCharsets.UTF_8));
        MappedByteBuffer box = null;
        if (file.getParent() != null && file.getParent().equals(SHARED)
                && file.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(file)) {
            try {
                box = map(file);
            } catch (IOException | RuntimeException e) {
                box = null; // the client then calls over the socket
            }
        }
        ch.write(box == null ? REFUSE : ACCEPT, NOTHING);
        ch.flush();
        return box == null ? new SocketCallTransport(ch) : new SharedMemoryCallTransport(ch, box, false);
    }

    private static MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer box = fc.map(FileChannel.MapMode.READ_WRITE, 0, CallMailboxDescriptor.SIZE);
            CallMailboxDescriptor.checkSize(fc.size());
            return box;
        }
    }

    /** Removes, once per process, the mailbox files of processes that died before they could remove their own. */
    private static void removeStale() {
        if (staleRemoved) {
            return;
        }
        staleRemoved = true;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(SHARED, PREFIX + "*")) {
            for (Path f : files) {
                String rest = f.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                long pid = dash > 0 ? parsePid(rest.substring(0, dash)) : -1;
                if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // another user's files, or a race with their owner: not ours to clean
        }
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void send(byte type, byte[] data, int length) {
        INTS.set(box, sendType, (int) type);
        if (CallMailboxDescriptor.fits(length)) {
            box.put(sendData, data, 0, length);
            INTS.set(box, sendLength, length);
        } else {
            INTS.set(box, sendLength, ON_SOCKET);
            channel.write(type, data, 0, length);
            channel.flush();
        }
        LONGS.setVolatile(box, sendSequence, ++sent);
        if ((int) INTS.getVolatile(box, peerWaits) != 0) {
            channel.write(WAKE, NOTHING);
            channel.flush();
        }
    }

    @Override
    public Frame receive() {
        long next = received + 1;
        await(next);
        received = next;
        byte type = (byte) (int) INTS.get(box, receiveType);
        int length = (int) INTS.get(box, receiveLength);
        if (length == ON_SOCKET) {
            Frame f = arrivedOnSocket;
            arrivedOnSocket = null;
            while (f == null || f.type() == WAKE) {
                f = channel.read();
            }
            return f;
        }
        byte[] data = new byte[length];
        box.get(receiveData, data, 0, length);
        return new Frame(type, data);
    }

    private boolean arrived(long next) {
        return (long) LONGS.getVolatile(box, receiveSequence) >= next;
    }

    private void await(long next) {
        if (arrived(next)) {
            peerSharesCore = false;
            return;
        }
        long budget = spin.budgetNanos();
        if (budget > 0) {
            long start = System.nanoTime();
            long until = start + budget;
            long yieldFrom = peerSharesCore ? start : start + YIELD_AFTER_NANOS;
            for (int i = 1; ; i++) {
                Thread.onSpinWait();
                if (arrived(next)) {
                    long waited = System.nanoTime() - start;
                    peerSharesCore = waited > SHARED_CORE_WAIT_NANOS;
                    // a message that came only after long yielding: on a busy machine, sleeping gets it as soon
                    if (waited > WORTHWHILE_NANOS) {
                        spin.missed();
                    } else {
                        spin.arrived();
                    }
                    return;
                }
                if ((i & 15) == 0) {
                    long now = System.nanoTime();
                    if (now > until) {
                        break;
                    }
                    if (now > yieldFrom) {
                        Thread.yield(); // a peer on this core runs now, rather than at the end of our slice
                    }
                }
            }
            spin.missed();
        }
        sleepUntil(next);
    }

    /** Sleeps on the socket until the peer raised the sequence to {@code next}, or went away. */
    private void sleepUntil(long next) {
        while (true) {
            INTS.setVolatile(box, iWait, 1);
            try {
                if (arrived(next)) {
                    return;
                }
                Frame f = channel.read(); // a wake-up, or a message too large for the mailbox that comes with one
                if (f.type() != WAKE) {
                    arrivedOnSocket = f;
                }
            } catch (WaitInterruptedException e) {
                channel.abort(); // the reply will still come, and would answer the next request
                throw e;
            } finally {
                INTS.setVolatile(box, iWait, 0);
            }
            if (arrived(next)) {
                return;
            }
        }
    }

    @Override
    public void abort() {
        channel.abort();
    }

    @Override
    public boolean isClosed() {
        return channel.isClosed();
    }
}
