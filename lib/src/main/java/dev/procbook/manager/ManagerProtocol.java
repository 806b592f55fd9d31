package dev.procbook.manager;

/**
 * The frames between proxies and their manager, after the handshake on a connection whose purpose is
 * {@code "calls:SESSION"} or {@code "session:SESSION"}.
 *
 * <p>A <em>calls</em> connection belongs to one thread of a client process and carries request and reply: the client
 * sends one request frame (sometimes preceded by {@link #DEFINE}s, which have no reply) and reads one {@link #OK} or
 * {@link #FAIL}. A thread that waits in the manager (a lock, a barrier, a queue's {@code take}) holds only its own
 * connection, and the lock it takes is owned by that connection's server thread, so locks are re-entrant per client
 * thread, as Python's {@code RLock} proxies are.
 *
 * <p>The <em>session</em> connection, one per client process and manager, carries reference counts one way, with no
 * reply; the manager drops every reference of a session when its connection closes, so a killed client releases
 * what it held. Frame layouts ({@code i64} object ids, strings as UTF-8 with an {@code i32} length, values as
 * {@link CallValues} writes them):
 * <pre>
 * DEFINE  i32 methodId, str owner, str name, str descriptor       a method used by later INVOKEs
 * INVOKE  i64 id, i32 methodId, i32 n, n values                    a typed proxy's call
 * CALL    i64 id, str name, i32 n, n values                        a namespace proxy's call, resolved by name
 * GET     i64 id, str member          SET  i64 id, str member, value
 * CREATE  str type, u8 mode, bytes factory                         reply: i64 id, one reference of this session
 * CONDITION i64 lockId                                             reply: i64 id of a new condition of that lock
 * OBJECTS                                                          reply: the live objects
 * BIND    str name, i64 id            LOOKUP str name (reply: i64 id, str type; a reference)   UNBIND str name
 * INFO                                                             reply: the manager's pid
 * SHUTDOWN                                                         stop listening and drop the objects; reply: null
 * INCREF  i64 id      DECREF i64 id      HOLD i64 id, i64 token      ADOPT i64 id, i64 token
 * </pre>
 * {@code HOLD} takes a reference for a copy of a proxy in flight to another process, which {@code ADOPT}s it on
 * arrival; either may reach the manager first.
 */
final class ManagerProtocol {

    static final String CALLS = "calls";
    static final String SESSION = "session";

    static final byte DEFINE = 1;
    static final byte INVOKE = 2;
    static final byte CALL = 3;
    static final byte GET = 4;
    static final byte SET = 5;
    static final byte CREATE = 6;
    static final byte CONDITION = 7;
    static final byte OBJECTS = 8;
    static final byte BIND = 9;
    static final byte LOOKUP = 10;
    static final byte UNBIND = 11;
    static final byte INFO = 12;
    static final byte SHUTDOWN = 13;

    static final byte OK = 20;
    static final byte FAIL = 21;

    static final byte INCREF = 30;
    static final byte DECREF = 31;
    static final byte HOLD = 32;
    static final byte ADOPT = 33;

    /** Calls on the object run one at a time, as if each of its methods were synchronized. */
    static final int SERIAL = 0;
    /** Calls on the object run as they come: it is made to be shared by threads (a lock, a queue, a barrier). */
    static final int CONCURRENT = 1;

    private ManagerProtocol() {
    }
}
