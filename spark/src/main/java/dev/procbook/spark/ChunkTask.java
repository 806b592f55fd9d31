package dev.procbook.spark;

import dev.procbook.process.RemoteThrowable;
import dev.procbook.process.SerializableBiFunction;
import dev.procbook.process.SerializableCallable;
import dev.procbook.process.SerializableFunction;
import dev.procbook.process.wire.CellClassCopies;
import dev.procbook.process.wire.Codec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * Runs one chunk on an executor: decodes the function (setting the top-level variables that came with it, as a
 * worker of a local pool does), applies it to each item of the chunk, and encodes the results. In {@code local[N]}
 * the executor is the driver's JVM, and the chunk runs with copies of the cell classes, so that the variables it
 * sets are the executor's own, as they are on a cluster.
 *
 * <p>The function and items travel as lib's encodings inside Spark's task, not as Spark's own closures: that is what
 * carries top-level values and records from cells, which Java serialization alone would not.
 */
final class ChunkTask extends AbstractFunction1<Iterator<byte[]>, ChunkOutcome> implements Serializable {

    private static final long serialVersionUID = 1L;

    /** How the function is applied to an item. */
    enum Kind { MAP, STARMAP, CALL }

    private final byte[] function;
    private final Kind kind;

    ChunkTask(byte[] function, Kind kind) {
        this.function = function;
        this.kind = kind;
    }

    /**
     * Runs the chunk; on an executor in the driver's own JVM ({@code local[N]}), with the executor's copies of cell
     * classes, whose top-level variables are the task's, not the notebook's.
     */
    @Override
    public ChunkOutcome apply(Iterator<byte[]> partition) {
        CellClassCopies copies = SparkDriver.localCellCopies();
        return copies == null ? runChunk(partition) : copies.run(() -> runChunk(partition));
    }

    private ChunkOutcome runChunk(Iterator<byte[]> partition) {
        Object fn;
        List<?> items;
        try {
            fn = Codec.decode(function);
            items = (List<?>) Codec.decode(partition.next());
        } catch (Throwable t) {
            return ChunkOutcome.failed(-1, encodeThrowable(t));
        }
        List<Object> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                results.add(run(fn, items.get(i)));
            } catch (Throwable t) {
                return ChunkOutcome.failed(i, encodeThrowable(t));
            }
        }
        try {
            return ChunkOutcome.done(Codec.encode(results));
        } catch (Throwable t) {
            return ChunkOutcome.failed(-1, encodeThrowable(t));
        }
    }

    @SuppressWarnings("unchecked")
    private Object run(Object fn, Object item) throws Exception {
        return switch (kind) {
            case MAP -> ((SerializableFunction<Object, Object>) fn).apply(item);
            case STARMAP -> {
                Object[] pair = (Object[]) item;
                yield ((SerializableBiFunction<Object, Object, Object>) fn).apply(pair[0], pair[1]);
            }
            case CALL -> ((SerializableCallable<Object>) fn).call();
        };
    }

    /** The exception itself when it serializes, else a stand-in with its class, message and stack trace. */
    static byte[] encodeThrowable(Throwable t) {
        try {
            return Codec.encode(t);
        } catch (RuntimeException e) {
            return Codec.encode(RemoteThrowable.of(t));
        }
    }
}
