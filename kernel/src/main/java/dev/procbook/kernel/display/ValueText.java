package dev.procbook.kernel.display;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * The text a shown value is given, cut as IPython cuts a repr: an array, or a JDK collection or map, shows its
 * first {@value #MAX_ELEMENTS} elements and then how many it has, e.g. {@code [0, 0, … (300000000 elements)]};
 * text longer than {@value #MAX_CHARS} characters is cut and says its length. Other objects are their
 * {@code toString()}, as a class that writes its own {@code __repr__} is shown by it in IPython.
 */
public final class ValueText {

    /** As IPython's {@code max_seq_length}. */
    static final int MAX_ELEMENTS = 1000;
    static final int MAX_CHARS = 100_000;
    private static final int MAX_DEPTH = 8;

    private ValueText() {
    }

    /** The text of {@code value}: {@code toString()} in Java's own format, cut where it would be long. */
    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, 0);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value.getClass().isArray()) {
            appendArray(out, value, depth);
        } else if (value instanceof Collection<?> c && formatsLikeTheJdk(c)) {
            appendElements(out, c.iterator(), c.size(), depth, '[', ']', "elements");
        } else if (value instanceof Map<?, ?> m && formatsLikeTheJdk(m)) {
            appendElements(out, m.entrySet().iterator(), m.size(), depth, '{', '}', "entries");
        } else if (value instanceof Map.Entry<?, ?> e && depth > 0) {
            append(out, e.getKey(), depth);
            out.append('=');
            append(out, e.getValue(), depth);
        } else {
            appendText(out, String.valueOf(value));
        }
    }

    /** A JDK collection or map prints its elements; a class of its own may print something else, which is kept. */
    private static boolean formatsLikeTheJdk(Object value) {
        try {
            return value.getClass().getMethod("toString").getDeclaringClass().getName().startsWith("java.");
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static void appendArray(StringBuilder out, Object array, int depth) {
        int length = Array.getLength(array);
        Iterator<Object> elements = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < length;
            }

            @Override
            public Object next() {
                return Array.get(array, next++);
            }
        };
        appendElements(out, elements, length, depth, '[', ']', "elements");
    }

    private static void appendElements(StringBuilder out, Iterator<?> elements, int size, int depth, char open,
                                       char close, String unit) {
        out.append(open);
        if (depth >= MAX_DEPTH && elements.hasNext()) {
            appendCount(out, size, unit);
            out.append(close);
            return;
        }
        for (int i = 0; elements.hasNext(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (i >= MAX_ELEMENTS || out.length() >= MAX_CHARS) {
                appendCount(out, size, unit);
                break;
            }
            append(out, elements.next(), depth + 1);
        }
        out.append(close);
    }

    private static void appendCount(StringBuilder out, int size, String units) {
        out.append("… (").append(size).append(' ').append(size == 1 ? units.substring(0, units.length() - 1) : units)
                .append(')');
    }

    private static void appendText(StringBuilder out, String text) {
        int room = Math.max(0, MAX_CHARS - out.length());
        if (text.length() <= room) {
            out.append(text);
        } else {
            out.append(text, 0, room).append("… (").append(text.length()).append(" characters)");
        }
    }
}
