package dev.procbook.process.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The values of top-level variables that code from cells reads, copied when the code is sent to another process,
 * where they are set before the code runs: what makes {@code int factor = 3;} in one cell and
 * {@code pool.map(x -> x * factor, items)} in another give {@code [3, 6, 9]} in a worker, as cloudpickle carries a
 * notebook function's globals.
 *
 * <p>Values are copied when they are captured; assignments in the receiving process stay there. The values that a
 * captured value's own cell code reads are captured too. Each capture has an id, so that a pool sends one to each
 * worker once per call however many chunks follow.
 */
public final class TopLevelValues {

    /** No values: code that reads no top-level variable, or that does not come from cells. */
    public static final TopLevelValues NONE = new TopLevelValues(0, Set.of(), new byte[0]);

    private static final AtomicLong IDS = new AtomicLong();

    private final long id;
    private final Set<Field> fields;
    private final byte[] encoded;

    private TopLevelValues(long id, Set<Field> fields, byte[] encoded) {
        this.id = id;
        this.fields = fields;
        this.encoded = encoded;
    }

    /**
     * The values of the top-level variables that the cell code carried by {@code value} reads, copied now.
     *
     * @throws TopLevelValueException if a value cannot be serialized
     */
    public static TopLevelValues of(Object value) {
        CellCode.Roots roots = new CellCode.Roots();
        Codec.walk(value, roots);
        return capture(roots.fields(), Set.of());
    }

    /** Captures {@code fields}, and what their values' cell code reads in turn, except those in {@code sent}. */
    static TopLevelValues capture(Set<Field> fields, Set<Field> sent) {
        Set<Field> captured = new LinkedHashSet<>();
        ArrayDeque<Field> work = new ArrayDeque<>();
        for (Field f : fields) {
            if (!sent.contains(f) && captured.add(f)) {
                work.add(f);
            }
        }
        if (work.isEmpty()) {
            return NONE;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        List<Field> order = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        while (!work.isEmpty()) {
            Field f = work.poll();
            CellCode.Roots roots = new CellCode.Roots();
            values.add(encodeValue(f, roots));
            order.add(f);
            for (Field more : roots.fields()) {
                if (!sent.contains(more) && captured.add(more)) {
                    work.add(more);
                }
            }
        }
        try {
            out.writeInt(order.size());
            for (int i = 0; i < order.size(); i++) {
                out.writeUTF(order.get(i).getDeclaringClass().getName());
                out.writeUTF(order.get(i).getName());
                out.writeInt(values.get(i).length);
                out.write(values.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return new TopLevelValues(IDS.incrementAndGet(), Collections.unmodifiableSet(captured), bytes.toByteArray());
    }

    private static byte[] encodeValue(Field f, CellCode.Roots roots) {
        Object value;
        try {
            f.setAccessible(true);
            value = f.get(null);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("top-level variable unreadable: variable=" + f.getName(), e);
        }
        try {
            return Codec.encodeBody(value, roots);
        } catch (NotSerializableObjectException e) {
            CellClassLoader loader = (CellClassLoader) f.getDeclaringClass().getClassLoader();
            throw new TopLevelValueException(f.getName(), loader.userTypeName(f.getGenericType().getTypeName()),
                    loader.cellOf(f.getDeclaringClass().getName()), e);
        }
    }

    /** Identifies this capture among all made by this process; 0 for {@link #NONE}. */
    public long id() {
        return id;
    }

    /** Whether there are no values. */
    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The variables captured. */
    Set<Field> fields() {
        return fields;
    }

    /** The encoded values, as {@link #decode(byte[], int, int)} reads them. */
    public byte[] encoded() {
        return encoded;
    }

    /**
     * Decodes values that another process captured, resolving their classes through {@link UserClassLoaders}.
     *
     * @throws UndecodableObjectException if the bytes are corrupt or a class cannot be found
     */
    public static Received decode(byte[] data, int off, int len) {
        List<Field> fields = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data, off, len));
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String owner = in.readUTF();
                String name = in.readUTF();
                int size = in.readInt();
                Class<?> type = UserClassLoaders.resolve(owner);
                fields.add(type.getDeclaredField(name));
                int at = off + (len - in.available());
                values.add(Codec.decode(data, at, size));
                in.skipNBytes(size);
            }
        } catch (ClassNotFoundException e) {
            throw new UndecodableObjectException(e.getMessage(), "top-level values: class not found", e);
        } catch (IOException | NoSuchFieldException e) {
            throw new UndecodableObjectException(null, "top-level values unreadable: " + e, e);
        }
        return new Received(fields, values);
    }

    /** Values received from another process, to be set before the code that reads them runs. */
    public static final class Received {

        private final List<Field> fields;
        private final List<Object> values;

        private Received(List<Field> fields, List<Object> values) {
            this.fields = fields;
            this.values = values;
        }

        /**
         * Sets each variable to its received value, unless its class belongs to a cell of this process (and is not a
         * {@link CellClassCopies}' copy): there the variables are the user's own, and a value echoed back must not
         * overwrite them.
         */
        public void apply() {
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                Class<?> owner = f.getDeclaringClass();
                if (CellCode.isCellClass(owner) && !(owner.getClassLoader() instanceof CellClassCopies)) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(null, values.get(i));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException("top-level variable not settable: variable=" + f.getName()
                            + ", class=" + f.getDeclaringClass().getName(), e);
                }
            }
        }
    }
}
