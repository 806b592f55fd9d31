package dev.procbook.manager;

/**
 * The layout of a calls connection's mailbox in shared memory ({@link SharedMemoryCallTransport}): one slot for the
 * request and one for the reply, each announced by a sequence number that its writer raises after writing it.
 * Counters and flags sit on cache lines of their own, so that the two processes do not share a line they write.
 * <pre>
 *    0  long  request sequence, written by the client
 *   64  long  reply sequence, written by the manager
 *  128  int   client waits on the socket (1) or spins (0)
 *  192  int   manager's thread waits on the socket (1) or spins (0)
 *  256  int   request type;   260 int request length   (-1: the request came on the socket, too large)
 *  320  int   reply type;     324 int reply length     (-1: likewise)
 * 4096  request bytes, {@link #CAPACITY} of them; then the reply bytes, as many
 * </pre>
 */
final class CallMailboxDescriptor {

    static final int REQUEST_SEQUENCE = 0;
    static final int REPLY_SEQUENCE = 64;
    static final int CLIENT_WAITS = 128;
    static final int SERVER_WAITS = 192;
    static final int REQUEST_TYPE = 256;
    static final int REQUEST_LENGTH = 260;
    static final int REPLY_TYPE = 320;
    static final int REPLY_LENGTH = 324;
    static final int REQUEST_DATA = 4096;
    /** The largest message a slot holds; a larger one travels on the socket. */
    static final int CAPACITY = 64 * 1024;
    static final int REPLY_DATA = REQUEST_DATA + CAPACITY;
    static final int SIZE = REPLY_DATA + CAPACITY;
    /** A slot's length when its message came on the socket instead. */
    static final int ON_SOCKET = -1;

    private CallMailboxDescriptor() {
    }

    /**
     * Checks that a mapped file is a whole mailbox.
     *
     * @throws IllegalStateException if it is smaller
     */
    static void checkSize(long size) {
        if (size < SIZE) {
            throw new IllegalStateException("mailbox too small: size=" + size + ", needed=" + SIZE);
        }
    }

    /** Whether a message of {@code length} bytes fits a slot. */
    static boolean fits(int length) {
        return length <= CAPACITY;
    }
}
