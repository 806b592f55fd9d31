package dev.procbook.manager;

/**
 * Thrown when a typed proxy cannot be made for a type: a final class (a record, an enum, {@code String}), or a class
 * with public final methods, which a proxy could not forward. A namespace proxy ({@link Manager#namespace}) reaches
 * any object.
 */
public class NotProxyableException extends RuntimeException {

    private final String type;
    private final String reason;

    /** Creates the exception for {@code type}, saying why. */
    public NotProxyableException(String type, String reason) {
        super("cannot proxy: type=" + type + ", reason=" + reason);
        this.type = type;
        this.reason = reason;
    }

    /** The type asked for. */
    public String type() {
        return type;
    }

    /** Why it cannot be proxied. */
    public String reason() {
        return reason;
    }
}
