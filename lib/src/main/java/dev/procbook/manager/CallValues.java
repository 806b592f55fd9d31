package dev.procbook.manager;

import dev.procbook.process.wire.ObjectDecoder;
import dev.procbook.process.wire.ObjectEncoder;
import dev.procbook.process.wire.UndecodableObjectException;

/**
 * Arguments and results of proxy calls, one connection's worth: numbers, booleans and strings as a tag and their
 * bytes, anything else by Procbook's codec (records of cells, the top-level values that cell code reads, proxies) in
 * one long-lived stream per direction. {@code counter.inc(1)} then costs five bytes for its argument, not a
 * serialization stream. Not thread-safe: one per connection, used by the thread that owns it.
 */
final class CallValues {

    private static final int NULL = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int DOUBLE = 3;
    private static final int TRUE = 4;
    private static final int FALSE = 5;
    private static final int STRING = 6;
    private static final int OBJECT = 7;

    private final ObjectEncoder encoder = new ObjectEncoder();
    private final ObjectDecoder decoder = new ObjectDecoder();

    /**
     * Writes {@code value}.
     *
     * @throws dev.procbook.process.wire.NotSerializableObjectException if it is an object that cannot be serialized
     */
    void write(Payload.Writer out, Object value) {
        if (value == null) {
            out.u8(NULL);
        } else if (value instanceof Integer i) {
            out.u8(INT).i32(i);
        } else if (value instanceof Long l) {
            out.u8(LONG).i64(l);
        } else if (value instanceof Double d) {
            out.u8(DOUBLE).f64(d);
        } else if (value instanceof Boolean b) {
            out.u8(b ? TRUE : FALSE);
        } else if (value instanceof String s) {
            out.u8(STRING).str(s);
        } else {
            out.u8(OBJECT).bytes(encoder.encode(value));
        }
    }

    /** Writes {@code count} and then each of {@code values}; null stands for none. */
    void writeAll(Payload.Writer out, Object[] values) {
        int n = values == null ? 0 : values.length;
        out.i32(n);
        for (int i = 0; i < n; i++) {
            write(out, values[i]);
        }
    }

    /**
     * Reads one value.
     *
     * @throws UndecodableObjectException if the bytes are corrupt or name a class that cannot be found here
     */
    Object read(Payload.Reader in) {
        int tag = in.u8();
        switch (tag) {
            case NULL:
                return null;
            case INT:
                return in.i32();
            case LONG:
                return in.i64();
            case DOUBLE:
                return in.f64();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case STRING:
                return in.str();
            case OBJECT:
                int at = in.skipBytes();
                return decoder.decode(in.array(), at, in.lastLength);
            default:
                throw new UndecodableObjectException(null, "unknown value tag: tag=" + tag, null);
        }
    }

    /** Reads a count and that many values. */
    Object[] readAll(Payload.Reader in) {
        int n = in.i32();
        if (n < 0 || n > 255) {
            throw new UndecodableObjectException(null, "argument count out of range: count=" + n, null);
        }
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = read(in);
        }
        return values;
    }
}
