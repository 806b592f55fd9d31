package dev.procbook.manager;

/**
 * Thrown, in the manager, for a call on an object it no longer holds: every reference to it was released (each
 * proxy closed or collected), so it was dropped.
 */
public class ObjectReleasedException extends RuntimeException {

    private final long objectId;
    private final String call;

    /** Creates the exception for {@code call} on the object {@code objectId}. */
    public ObjectReleasedException(long objectId, String call) {
        super("object released: id=" + objectId + ", call=" + call);
        this.objectId = objectId;
        this.call = call;
    }

    /** The id the object had in its manager. */
    public long objectId() {
        return objectId;
    }

    /** The call that found it gone. */
    public String call() {
        return call;
    }
}
