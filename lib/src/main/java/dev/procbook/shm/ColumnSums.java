package dev.procbook.shm;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import org.apache.arrow.vector.FieldVector;

/**
 * The loops of {@link FrameColumn#sumLong()} and {@link FrameColumn#sum()} over one record batch's mapped values: one
 * small method a value width, reading through a JDK buffer view ({@code LongBuffer.get(i)}, whose bounds check C2
 * hoists), with one accumulator.
 *
 * <p>Each loop is its own method so that {@link FrameWarmup} can get it compiled by C2 in a standby worker before a
 * task sums a large column; a loop met first inside one long call runs interpreted, then in C1 code, until an
 * on-stack replacement arrives. Compiled, the {@code long} loop reads 256 MiB in about the time numpy's {@code sum}
 * takes (FrameBench prints both): the loop is bound by memory bandwidth, not by instructions, so neither unrolling
 * into several accumulators nor SIMD makes it faster (measured: four accumulators over bounds-checked reads are
 * slower, and {@code -XX:-UseSuperWord} changes nothing).
 */
final class ColumnSums {

    private ColumnSums() {
    }

    /** The sum of {@code n} integers of {@code width} bytes (8, 4 or 2) in {@code data}, none missing. */
    static long sumIntegers(ByteBuffer data, int width, int n) {
        return switch (width) {
            case 8 -> sumLongs(data, n);
            case 4 -> sumInts(data, n);
            default -> sumShorts(data, n);
        };
    }

    static long sumLongs(ByteBuffer data, int n) {
        LongBuffer values = data.asLongBuffer();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values.get(i);
        }
        return sum;
    }

    static long sumInts(ByteBuffer data, int n) {
        IntBuffer values = data.asIntBuffer();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values.get(i);
        }
        return sum;
    }

    static long sumShorts(ByteBuffer data, int n) {
        ShortBuffer values = data.asShortBuffer();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values.get(i);
        }
        return sum;
    }

    /** The sum of the present integers among the first {@code n} of {@code vector}, whose values {@code data} holds. */
    static long sumPresentIntegers(FieldVector vector, ByteBuffer data, int width, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            if (!vector.isNull(i)) {
                sum += width == 8 ? data.getLong(i << 3) : width == 4 ? data.getInt(i << 2) : data.getShort(i << 1);
            }
        }
        return sum;
    }

    /** The sum of {@code n} floating-point values of {@code width} bytes (8 or 4) in {@code data}, none missing. */
    static double sumFloating(ByteBuffer data, int width, int n) {
        return width == 8 ? sumDoubles(data, n) : sumFloats(data, n);
    }

    static double sumDoubles(ByteBuffer data, int n) {
        DoubleBuffer values = data.asDoubleBuffer();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values.get(i);
        }
        return sum;
    }

    static double sumFloats(ByteBuffer data, int n) {
        FloatBuffer values = data.asFloatBuffer();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values.get(i);
        }
        return sum;
    }

    /** The sum of the present floating-point values among the first {@code n} of {@code vector}. */
    static double sumPresentFloating(FieldVector vector, ByteBuffer data, int width, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!vector.isNull(i)) {
                sum += width == 8 ? data.getDouble(i << 3) : data.getFloat(i << 2);
            }
        }
        return sum;
    }
}
