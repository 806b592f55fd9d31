package dev.procbook.process;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** What a worker runs: the envelopes in which the pool sends user functions and their arguments. */
interface Task extends Serializable {

    Object run() throws Exception;

    /** A single callable. */
    record Call(SerializableCallable<?> callable) implements Task {
        @Override
        public Object run() throws Exception {
            return callable.call();
        }
    }

    /** A runnable whose completion is the result. */
    record Action(SerializableRunnable action) implements Task {
        @Override
        public Object run() throws Exception {
            action.run();
            return null;
        }
    }

    /** A function applied to each item of a chunk; the result is the list of results in order. */
    record Chunk<A, R>(SerializableFunction<A, R> function, ArrayList<A> items) implements Task {
        @Override
        public Object run() throws Exception {
            ArrayList<R> out = new ArrayList<>(items.size());
            for (A item : items) {
                out.add(function.apply(item));
            }
            return out;
        }
    }

    /** A two-argument function applied to each pair of a chunk. */
    record StarChunk<A, B, R>(SerializableBiFunction<A, B, R> function, ArrayList<A> firsts, ArrayList<B> seconds)
            implements Task {
        @Override
        public Object run() throws Exception {
            List<R> out = new ArrayList<>(firsts.size());
            for (int i = 0; i < firsts.size(); i++) {
                out.add(function.apply(firsts.get(i), seconds.get(i)));
            }
            return out;
        }
    }
}
