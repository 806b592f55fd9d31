package dev.procbook.manager;

import dev.procbook.process.wire.Frame;
import dev.procbook.process.wire.WaitInterruptedException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * One thread's <em>calls</em> connection to a manager (see {@link ManagerProtocol}): writes a request, reads its
 * reply, in the calling thread, with no hand-over to another thread on either side, through shared memory when the
 * manager is on this host ({@link SharedMemoryCallTransport}). The methods a typed proxy calls are sent once each, as
 * {@code DEFINE}, and named by number after that. Used only by the thread that owns it.
 */
final class CallChannel {

    /** What a request came back with: a result, or the exception the manager threw. */
    record Reply(boolean ok, Object value) {
    }

    private final CallTransport transport;
    private volatile Thread owner = Thread.currentThread();
    private final CallValues values = new CallValues();
    private final Payload.Writer out = new Payload.Writer();
    private final Payload.Writer define = new Payload.Writer();
    private final Map<Method, Integer> methodIds = new HashMap<>();

    CallChannel(CallTransport transport) {
        this.transport = transport;
    }

    /** Whether the thread that owns this connection has ended, so that no call will use it again. */
    boolean ownerGone() {
        return !owner.isAlive();
    }

    /** Makes the calling thread this connection's owner: a connection opened ahead of need is taken. */
    CallChannel adopt() {
        owner = Thread.currentThread();
        return this;
    }

    /** A typed proxy's call of {@code m} on object {@code id}. */
    Reply invoke(long id, Method m, Object[] args) {
        Integer methodId = methodIds.get(m);
        if (methodId == null) {
            methodId = methodIds.size();
            define.reset().i32(methodId).str(m.getDeclaringClass().getName()).str(m.getName())
                    .str(Members.descriptor(m));
            exchange(ManagerProtocol.DEFINE, define); // its reply is empty: a method the manager lacks fails at INVOKE
            methodIds.put(m, methodId);
        }
        out.reset().i64(id).i32(methodId);
        values.writeAll(out, args);
        return request(ManagerProtocol.INVOKE);
    }

    /** A namespace proxy's call of the method {@code name} on object {@code id}. */
    Reply call(long id, String name, Object[] args) {
        out.reset().i64(id).str(name);
        values.writeAll(out, args);
        return request(ManagerProtocol.CALL);
    }

    /** Reads member {@code name} of object {@code id}. */
    Reply get(long id, String name) {
        out.reset().i64(id).str(name);
        return request(ManagerProtocol.GET);
    }

    /** Sets member {@code name} of object {@code id}. */
    Reply set(long id, String name, Object value) {
        out.reset().i64(id).str(name);
        values.write(out, value);
        return request(ManagerProtocol.SET);
    }

    /** Creates an object with {@code factory}; the reply is its id. */
    Reply create(String typeName, int mode, Object factory) {
        out.reset().str(typeName).u8(mode);
        values.write(out, factory);
        return request(ManagerProtocol.CREATE);
    }

    /** A request of {@code type} whose payload is one id, or none. */
    Reply simple(byte type, long id) {
        out.reset().i64(id);
        return request(type);
    }

    /** A request of {@code type} whose payload is a string, then optionally an id. */
    Reply named(byte type, String name, Long id) {
        out.reset().str(name);
        if (id != null) {
            out.i64(id);
        }
        return request(type);
    }

    private Reply request(byte type) {
        Frame f = exchange(type, out);
        Object value = values.read(new Payload.Reader(f.payload()));
        return new Reply(f.type() == ManagerProtocol.OK, value);
    }

    private Frame exchange(byte type, Payload.Writer message) {
        transport.send(type, message.array(), message.size());
        try {
            return transport.receive();
        } catch (WaitInterruptedException | Error e) {
            // interrupted, or stopped (JDK 17 stops a notebook cell with ThreadDeath): the reply would answer the
            // next request, so the connection goes; the manager sees it gone and ends the call there too
            transport.abort();
            throw e;
        }
    }

    /** Closes the connection; its server thread ends, releasing any lock this thread held there; idempotent. */
    void close() {
        transport.abort();
    }

    boolean isClosed() {
        return transport.isClosed();
    }
}
