package dev.procbook.manager;

/** Thrown when a manager's process started but its server could not, such as when the address is in use. */
public class ManagerStartException extends RuntimeException {

    private final long pid;

    /** Creates the exception for the manager process {@code pid}, whose server failed with {@code cause}. */
    public ManagerStartException(long pid, String address, Throwable cause) {
        super("manager did not start: pid=" + pid + ", address=" + address + ", error=" + cause, cause);
        this.pid = pid;
    }

    /** The process id the manager had; the process is stopped. */
    public long pid() {
        return pid;
    }
}
