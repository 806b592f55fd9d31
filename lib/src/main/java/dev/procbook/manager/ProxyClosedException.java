package dev.procbook.manager;

/** Thrown by a call through a proxy that was closed ({@link Proxies#close(Object)}); other proxies may still work. */
public class ProxyClosedException extends RuntimeException {

    private final long objectId;
    private final String call;

    /** Creates the exception for {@code call} through a closed proxy of object {@code objectId}. */
    public ProxyClosedException(long objectId, String call) {
        super("proxy closed: id=" + objectId + ", call=" + call);
        this.objectId = objectId;
        this.call = call;
    }

    /** The id of the object the proxy stood for. */
    public long objectId() {
        return objectId;
    }

    /** The call that was refused. */
    public String call() {
        return call;
    }
}
