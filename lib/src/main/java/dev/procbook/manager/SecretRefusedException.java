package dev.procbook.manager;

/** Thrown when a manager refuses a connection because the secret it was offered is not its own. */
public class SecretRefusedException extends RuntimeException {

    private final String address;

    /** Creates the exception for the manager at {@code address}. */
    public SecretRefusedException(String address, Throwable cause) {
        super("secret refused: address=" + address, cause);
        this.address = address;
    }

    /** The address of the manager that refused. */
    public String address() {
        return address;
    }
}
