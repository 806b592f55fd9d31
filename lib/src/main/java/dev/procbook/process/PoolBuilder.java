package dev.procbook.process;


/**
 * Configures a {@link Pool}: {@code Pool.builder().processes(4).initializer(() -> warmUp()).maxTasksPerChild(100)
 * .build()}.
 */
public final class PoolBuilder {

    private int processes = Runtime.getRuntime().availableProcessors();
    private WorkerOptions options = WorkerOptions.defaults();
    private SerializableRunnable initializer;
    private int maxTasksPerChild;

    PoolBuilder() {
    }

    /** The number of workers; defaults to the number of available processors. */
    public PoolBuilder processes(int n) {
        this.processes = n;
        return this;
    }

    /** How workers are started; see {@link WorkerOptions#defaults()}. */
    public PoolBuilder workerOptions(WorkerOptions workerOptions) {
        this.options = workerOptions;
        return this;
    }

    /** An action each worker runs once when it starts, before any task. */
    public PoolBuilder initializer(SerializableRunnable action) {
        this.initializer = action;
        return this;
    }

    /** Replaces a worker after it has run {@code n} tasks (chunks count as one); 0, the default, never. */
    public PoolBuilder maxTasksPerChild(int n) {
        this.maxTasksPerChild = n;
        return this;
    }

    /**
     * Starts the pool's workers in parallel and runs the initializer in each.
     *
     * @throws IllegalArgumentException     if {@code processes} is not positive
     * @throws TaskNotSerializableException if the initializer cannot be serialized
     * @throws WorkerStartException         if a worker cannot be started
     * @throws TaskFailedException          if the initializer throws
     */
    public Pool build() {
        return new Pool(processes, PoolSettings.of(options, initializer, maxTasksPerChild));
    }
}
