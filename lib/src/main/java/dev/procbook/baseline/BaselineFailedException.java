package dev.procbook.baseline;

/** Thrown when a Python baseline cannot be run or exits with an error; names the script and what it said. */
public final class BaselineFailedException extends RuntimeException {

    private final String script;

    /** Creates the exception for {@code script}, with {@code detail} (exit status, the end of its stderr). */
    public BaselineFailedException(String script, String detail, Throwable cause) {
        super("python baseline failed: script=" + script + ", " + detail, cause);
        this.script = script;
    }

    /** The script's path. */
    public String script() {
        return script;
    }
}
