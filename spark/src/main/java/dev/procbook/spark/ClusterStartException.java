package dev.procbook.spark;

/** Thrown when a loopback cluster's master or a worker does not start; the message ends with its log's tail. */
public class ClusterStartException extends RuntimeException {

    /** Creates the exception for {@code what}, which did not start for {@code reason}. */
    public ClusterStartException(String what, String reason) {
        super("Spark cluster did not start: process=" + what + ", reason=" + reason);
    }
}
