package dev.procbook.kernel.magic;

/** Thrown when a magic is unknown or is given arguments it does not take; the message says what it takes. */
public final class MagicUsageException extends RuntimeException {

    private final String magic;

    public MagicUsageException(String magic, String message) {
        super(magic + ": " + message);
        this.magic = magic;
    }

    /** The magic as written, e.g. {@code %timeit}. */
    public String magic() {
        return magic;
    }
}
