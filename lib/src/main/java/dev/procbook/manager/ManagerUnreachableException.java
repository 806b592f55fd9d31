package dev.procbook.manager;

/** Thrown by {@link Manager#connect} when nothing answers at the address, or it does not answer as a manager. */
public class ManagerUnreachableException extends RuntimeException {

    private final String address;

    /** Creates the exception for {@code address}, saying what happened. */
    public ManagerUnreachableException(String address, String reason, Throwable cause) {
        super("manager unreachable: address=" + address + ", reason=" + reason, cause);
        this.address = address;
    }

    /** The address tried. */
    public String address() {
        return address;
    }
}
