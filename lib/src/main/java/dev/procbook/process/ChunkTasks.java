package dev.procbook.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a map turns a chunk of items into one task: a function of one argument applied to each item, or of two applied
 * to each pair's key and value (Python's {@code starmap}).
 *
 * @param <T> the items
 */
sealed interface ChunkTasks<T> {

    /** The user's function, whose class and cell are those of the task. */
    Object function();

    /** The task that applies the function to every item of {@code chunk}. */
    Task task(List<T> chunk);

    /** Applies {@code function} to each item. */
    record OneArgument<A>(SerializableFunction<A, ?> function) implements ChunkTasks<A> {
        @Override
        @SuppressWarnings("unchecked")
        public Task task(List<A> chunk) {
            return new Task.Chunk<>((SerializableFunction<Object, Object>) function, new ArrayList<Object>(chunk));
        }
    }

    /** Applies {@code function} to the key and value of each pair. */
    record Pairs<A, B>(SerializableBiFunction<A, B, ?> function)
            implements ChunkTasks<Map.Entry<? extends A, ? extends B>> {
        @Override
        @SuppressWarnings("unchecked")
        public Task task(List<Map.Entry<? extends A, ? extends B>> chunk) {
            ArrayList<Object> firsts = new ArrayList<>();
            ArrayList<Object> seconds = new ArrayList<>();
            for (Map.Entry<? extends A, ? extends B> e : chunk) {
                firsts.add(e.getKey());
                seconds.add(e.getValue());
            }
            return new Task.StarChunk<>((SerializableBiFunction<Object, Object, Object>) function, firsts, seconds);
        }
    }
}
