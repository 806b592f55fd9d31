package dev.procbook.process;

import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.NotSerializableObjectException;
import dev.procbook.process.wire.TopLevelValues;
import dev.procbook.process.wire.UserClassLoaders;

/**
 * Encodes tasks for workers, in one place for {@link Worker}, {@link Pool} and its maps: registers the loader of
 * the user's function (a notebook cell's, whose classes workers then fetch from this process), and reports what
 * cannot travel as a {@link TaskNotSerializableException} naming the task.
 */
final class TaskEncoding {

    private TaskEncoding() {
    }

    /**
     * Encodes {@code task}, which runs {@code userFunction}, with the top-level values its cell code reads other
     * than those in {@code sent}.
     *
     * @throws TaskNotSerializableException if the task, or a top-level value it reads, cannot be serialized
     */
    static byte[] encode(Task task, Object userFunction, TopLevelValues sent, String description) {
        registerLoaders(userFunction);
        try {
            return Codec.encode(task, sent);
        } catch (NotSerializableObjectException e) {
            throw new TaskNotSerializableException(description, e);
        }
    }

    /**
     * The top-level values that the cell code of {@code userFunction} reads, copied now, to be sent to each worker
     * once however many tasks use them.
     *
     * @throws TaskNotSerializableException if the function, or a top-level value it reads, cannot be serialized
     */
    static TopLevelValues topLevelValues(Object userFunction, String description) {
        registerLoaders(userFunction);
        try {
            return TopLevelValues.of(userFunction);
        } catch (NotSerializableObjectException e) {
            throw new TaskNotSerializableException(description, e);
        }
    }

    private static void registerLoaders(Object userFunction) {
        UserClassLoaders.register(userFunction.getClass().getClassLoader());
        UserClassLoaders.register(Thread.currentThread().getContextClassLoader());
    }
}
