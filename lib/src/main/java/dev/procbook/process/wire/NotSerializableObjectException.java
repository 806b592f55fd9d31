package dev.procbook.process.wire;

/** Thrown when an object (or something it refers to) cannot be serialized; names the offending class. */
public class NotSerializableObjectException extends IllegalArgumentException {

    private final String className;

    /** Creates the exception for the class {@code className} that is not serializable. */
    public NotSerializableObjectException(String className, Throwable cause) {
        super("object not serializable: class=" + className, cause);
        this.className = className;
    }

    /** For subclasses that say more than the class: {@code message} replaces the default one. */
    protected NotSerializableObjectException(String className, String message, Throwable cause) {
        super(message, cause);
        this.className = className;
    }

    /** The binary name of the class that could not be serialized. */
    public String className() {
        return className;
    }
}
