package dev.procbook.shm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Names of segments and where they live: the name {@code x} is the file {@code /dev/shm/x}, as Python's
 * {@code SharedMemory(name="x")} and {@code shm_open("/x")} have it.
 */
final class SegmentNames {

    static final Path DIRECTORY = Path.of("/dev/shm");

    private SegmentNames() {
    }

    /**
     * The file of segment {@code name}.
     *
     * @throws InvalidSegmentNameException if /dev/shm cannot hold such a name
     */
    static Path path(String name) {
        return DIRECTORY.resolve(check(name));
    }

    /**
     * Returns {@code name} if it can name a file in /dev/shm.
     *
     * @throws InvalidSegmentNameException if it is empty, {@code .} or {@code ..}, holds {@code /} or NUL, is
     *                                     longer than {@value SegmentDescriptor#MAX_NAME_BYTES} bytes, or starts
     *                                     like Procbook's own files ({@code procbook-owner-}, {@code .procbook-})
     */
    static String check(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new InvalidSegmentNameException(name, "empty");
        }
        if (name.indexOf('/') >= 0) {
            throw new InvalidSegmentNameException(name, "contains '/'; a name is one file in /dev/shm, as Python's "
                    + "SharedMemory(name=\"x\") is /dev/shm/x");
        }
        if (name.indexOf('\0') >= 0) {
            throw new InvalidSegmentNameException(name, "contains NUL");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidSegmentNameException(name, "not a file name");
        }
        if (name.startsWith(SegmentOwners.LEASE_PREFIX) || name.startsWith(".procbook-")) {
            throw new InvalidSegmentNameException(name, "reserved: Procbook keeps its own files under "
                    + SegmentOwners.LEASE_PREFIX + " and .procbook-");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SegmentDescriptor.MAX_NAME_BYTES) {
            throw new InvalidSegmentNameException(name.substring(0, 20) + "...", "too long: bytes=" + bytes
                    + ", max=" + SegmentDescriptor.MAX_NAME_BYTES);
        }
        return name;
    }
}
