package dev.procbook.memory;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One mapping of {@code /proc/PID/smaps}: its address range, permissions, path and its size fields in bytes.
 *
 * @param start  first address
 * @param end    address after the last byte
 * @param perms  permissions such as {@code rw-s} ({@code s} shared, {@code p} private)
 * @param path   the mapped file or pseudo-name such as {@code [heap]}; empty for anonymous memory
 * @param fields every {@code kB} field of the block, converted to bytes, keyed by the kernel's name ({@code Pss})
 */
public record SmapsMapping(long start, long end, String perms, String path, Map<String, Long> fields) {

    /** Copies {@code fields} so the mapping is immutable. */
    public SmapsMapping {
        fields = Map.copyOf(fields);
    }

    static SmapsMapping of(String header, Map<String, Long> fields) {
        String[] parts = header.trim().split("\\s+", 6);
        int dash = parts[0].indexOf('-');
        long start = Long.parseUnsignedLong(parts[0].substring(0, dash), 16);
        long end = Long.parseUnsignedLong(parts[0].substring(dash + 1), 16);
        String path = parts.length > 5 ? parts[5] : "";
        return new SmapsMapping(start, end, parts.length > 1 ? parts[1] : "", path, fields);
    }

    /** Returns the size of the address range in bytes. */
    public long size() {
        return end - start;
    }

    /** Returns the field named {@code name} in bytes, or empty if this kernel does not report it. */
    public OptionalLong field(String name) {
        Long v = fields.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Returns the mapping's proportional set size in bytes. */
    public long pss() {
        return required("Pss");
    }

    /** Returns the mapping's resident set size in bytes. */
    public long rss() {
        return required("Rss");
    }

    private long required(String name) {
        Long v = fields.get(name);
        if (v == null) {
            throw new ProcParseException("smaps", 0, null, "missing field " + name + " in mapping " + Long.toHexString(start));
        }
        return v;
    }
}
