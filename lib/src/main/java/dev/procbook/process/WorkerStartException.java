package dev.procbook.process;

/** Thrown when a worker JVM cannot be started or does not connect back in time. */
public class WorkerStartException extends RuntimeException {

    private final String command;

    /** Creates the exception for the worker started by {@code command}, saying why in {@code reason}. */
    public WorkerStartException(String command, String reason, Throwable cause) {
        super("worker did not start: reason=" + reason + ", command=" + command, cause);
        this.command = command;
    }

    /** The command line that was run (it never contains the secret). */
    public String command() {
        return command;
    }
}
