package dev.procbook.memory;

import java.nio.charset.StandardCharsets;

/**
 * A set of {@code Name:   value kB} fields to read from {@code smaps}, {@code smaps_rollup}, {@code meminfo} or
 * {@code status}, found by their index in the order given, and the one loop that reads them.
 */
final class KbFields {

    private final String[] names;
    private final byte[][] bytes;

    /** The fields {@code names}, found by their index in this order; at most 32. */
    KbFields(String... names) {
        if (names.length > Integer.SIZE) {
            throw new IllegalArgumentException("too many fields: count=" + names.length + ", limit=" + Integer.SIZE);
        }
        this.names = names.clone();
        this.bytes = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            bytes[k] = names[k].getBytes(StandardCharsets.US_ASCII);
        }
    }

    int size() {
        return names.length;
    }

    String name(int k) {
        return names[k];
    }

    /**
     * Reads every line of the first {@code length} bytes of {@code text}, the text of {@code file}, and adds the value
     * of each of these fields to {@code kb} at its index, so that the mappings of {@code smaps} sum up.
     *
     * @param mappingHeaders whether the text may hold mapping headers, as {@code smaps} does
     * @return the bit mask of the indexes seen
     * @throws ProcParseException if a line is malformed or one of these fields is not a number of kB
     */
    int addKilobytes(byte[] text, int length, String file, boolean mappingHeaders, long[] kb) {
        int seen = 0;
        int lineNumber = 0;
        for (int start = 0; start < length; ) {
            int end = FieldLines.lineEnd(text, start, length);
            lineNumber++;
            int colon = FieldLines.fieldColon(text, start, end, mappingHeaders, file, lineNumber);
            int k = colon < 0 ? -1 : indexOf(text, start, colon);
            if (k >= 0) {
                kb[k] += FieldLines.kilobytes(text, start, colon, end, file, lineNumber);
                seen |= 1 << k;
            }
            start = end + 1;
        }
        return seen;
    }

    private int indexOf(byte[] text, int start, int colon) {
        for (int k = 0; k < bytes.length; k++) {
            if (FieldLines.nameEquals(bytes[k], text, start, colon)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Checks that the first {@code required} fields are in {@code seen}, from {@link #addKilobytes}.
     *
     * @throws ProcParseException naming {@code file} and the first field missing
     */
    void requireFirst(int required, int seen, String file) {
        for (int k = 0; k < required; k++) {
            if ((seen & (1 << k)) == 0) {
                throw new ProcParseException(file, 0, null, "missing field " + names[k]);
            }
        }
    }
}
