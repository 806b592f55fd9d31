package dev.procbook.process.wire;

/**
 * Bytes that should encode an object could not be turned back into one: the class they name cannot be found or read
 * here, or the bytes are corrupt (then {@link #className()} is null).
 */
public class UndecodableObjectException extends RuntimeException {

    private final String className;

    /**
     * Creates the exception for an object of {@code className} (null when the bytes do not get as far as naming a
     * class), saying why in {@code reason}.
     */
    public UndecodableObjectException(String className, String reason, Throwable cause) {
        super("cannot decode object: " + (className == null ? "" : "class=" + className + ", ") + "reason=" + reason,
                cause);
        this.className = className;
    }

    /** The binary name of the class that could not be decoded, or null when the bytes were corrupt before it. */
    public String className() {
        return className;
    }
}
