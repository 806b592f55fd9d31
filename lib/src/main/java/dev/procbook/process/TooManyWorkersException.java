package dev.procbook.process;

/** Thrown when a pool asks for more worker JVMs than this machine can start; says which limit and how to raise it. */
public class TooManyWorkersException extends RuntimeException {

    private final int requested;
    private final int limit;
    private final String bound;

    /**
     * Creates the exception for {@code requested} workers refused by {@code limit}, set by {@code bound} (memory,
     * processes or cores); {@code detail} shows the arithmetic and {@code remedy} how to allow more.
     */
    public TooManyWorkersException(int requested, int limit, String bound, String detail, String remedy) {
        super("too many workers: requested=" + requested + ", limit=" + limit + ", bound=" + bound + " (" + detail
                + "); " + remedy);
        this.requested = requested;
        this.limit = limit;
        this.bound = bound;
    }

    /** How many workers were asked for. */
    public int requested() {
        return requested;
    }

    /** How many this machine can start. */
    public int limit() {
        return limit;
    }

    /** What sets the limit: {@code "memory"}, {@code "processes"} or {@code "cores"}. */
    public String bound() {
        return bound;
    }
}
