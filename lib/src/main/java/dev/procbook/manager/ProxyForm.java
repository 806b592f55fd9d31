package dev.procbook.manager;

import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.UserClassLoaders;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;

/**
 * What a proxy is serialized as, in a task, its result, a pipe, a queue or a top-level value: the manager's address,
 * pid and secret, the object's id, the proxy's type, and the token of the reference taken for this copy. Read back,
 * it becomes a proxy of the same object in the receiving process, connected there on first use.
 *
 * <p>It carries the manager's secret, as a worker receives its parent's key, so that the receiving process can
 * connect: proxies travel over Procbook's own connections, which prove their key first; do not write them to files.
 */
final class ProxyForm implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String address;
    private final String secretHex;
    private final long pid;
    private final long objectId;
    private final String typeName;
    private final long token;

    ProxyForm(String address, String secretHex, long pid, long objectId, String typeName, long token) {
        this.address = address;
        this.secretHex = secretHex;
        this.pid = pid;
        this.objectId = objectId;
        this.typeName = typeName;
        this.token = token;
    }

    private Object readResolve() throws ObjectStreamException {
        ServerLink link = ServerLink.of(ManagerAddress.parse(address), Secret.fromHex(secretHex), pid);
        link.adopt(objectId, token);
        ProxyState state = new ProxyState(link, objectId, typeName);
        if (typeName == null) {
            return new NamespaceProxy(state);
        }
        try {
            return ProxyClasses.newProxy(UserClassLoaders.resolve(typeName), state);
        } catch (ClassNotFoundException e) {
            state.close();
            InvalidObjectException failure = new InvalidObjectException("proxy type not found: type=" + typeName);
            failure.initCause(e);
            throw failure;
        }
    }
}
