package dev.procbook.memory;

/** Thrown when {@code smem} cannot be run, fails, or does not finish; names the command and why. */
public final class SmemFailedException extends RuntimeException {

    private final String command;

    /** Creates the exception for {@code command}, with {@code reason} (exit status and stderr, or what went wrong). */
    public SmemFailedException(String command, String reason, Throwable cause) {
        super("smem failed: " + reason + ", command=" + command, cause);
        this.command = command;
    }

    /** The command line that was run. */
    public String command() {
        return command;
    }
}
