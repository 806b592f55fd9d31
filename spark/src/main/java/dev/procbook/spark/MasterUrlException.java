package dev.procbook.spark;

/** Thrown for a Spark master URL that is malformed or names a master that does not answer. */
public class MasterUrlException extends RuntimeException {

    private final String url;

    /** Creates the exception for {@code url}, refused for {@code problem}. */
    public MasterUrlException(String url, String problem) {
        super("bad Spark master: url=" + url + ", problem=" + problem);
        this.url = url;
    }

    /** The master URL as given. */
    public String url() {
        return url;
    }
}
