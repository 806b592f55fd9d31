package dev.procbook.process;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a worker runs: the envelopes in which the pool sends user functions and their arguments.
 *
 * <p>Plain classes, not records: a fresh worker deserializing its first record spins about a dozen method-handle
 * classes for the canonical constructor (several milliseconds, on every worker's first task), which no class-data
 * archive holds; plain serializable classes are read field by field.
 */
interface Task extends Serializable {

    Object run() throws Exception;

    /** A single callable. */
    final class Call implements Task {
        private static final long serialVersionUID = 1L;
        private final SerializableCallable<?> callable;

        Call(SerializableCallable<?> callable) {
            this.callable = callable;
        }

        @Override
        public Object run() throws Exception {
            return callable.call();
        }
    }

    /** A runnable whose completion is the result. */
    final class Action implements Task {
        private static final long serialVersionUID = 1L;
        private final SerializableRunnable action;

        Action(SerializableRunnable action) {
            this.action = action;
        }

        @Override
        public Object run() throws Exception {
            action.run();
            return null;
        }
    }

    /** A function applied to each item of a chunk; the result is the list of results in order. */
    final class Chunk<A, R> implements Task {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<A, R> function;
        private final ArrayList<A> items;

        Chunk(SerializableFunction<A, R> function, ArrayList<A> items) {
            this.function = function;
            this.items = items;
        }

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
    final class StarChunk<A, B, R> implements Task {
        private static final long serialVersionUID = 1L;
        private final SerializableBiFunction<A, B, R> function;
        private final ArrayList<A> firsts;
        private final ArrayList<B> seconds;

        StarChunk(SerializableBiFunction<A, B, R> function, ArrayList<A> firsts, ArrayList<B> seconds) {
            this.function = function;
            this.firsts = firsts;
            this.seconds = seconds;
        }

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
