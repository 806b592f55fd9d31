package dev.procbook.spark;

/**
 * Thrown when Spark itself fails a job (an executor lost more often than Spark retries, a task it could not send),
 * as opposed to the function throwing, which is a {@link dev.procbook.process.TaskFailedException}.
 */
public class SparkJobFailedException extends RuntimeException {

    private final String job;

    /** Creates the exception for {@code job}, failed by Spark with {@code cause}. */
    public SparkJobFailedException(String job, Throwable cause) {
        super("Spark job failed: job=" + job + ", reason=" + cause, cause);
        this.job = job;
    }

    /** Creates the exception for {@code job}, failed for {@code reason}. */
    public SparkJobFailedException(String job, String reason) {
        super("Spark job failed: job=" + job + ", reason=" + reason);
        this.job = job;
    }

    /** The job's description, such as {@code "map In [4] lambda"}. */
    public String job() {
        return job;
    }
}
