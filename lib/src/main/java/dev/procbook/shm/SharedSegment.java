package dev.procbook.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A named POSIX shared-memory segment: the file {@code /dev/shm/NAME}, mapped shared, that any process can attach by
 * name at any time, unrelated processes and Python's {@code multiprocessing.shared_memory.SharedMemory(name=NAME)}
 * included. The counterpart of Python's {@code SharedMemory}, with typed views, a counter and a lock.
 *
 * <pre>{@code
 * try (SharedSegment s = SharedSegment.create("prices", 8L << 20)) {    // the creator: close() unlinks
 *     s.doubles().fill(1.0);
 *     pool.map(i -> {
 *         try (SharedSegment a = SharedSegment.attach("prices")) {   // in a worker: close() only unmaps
 *             return a.doubles().sum();
 *         }
 *     }, List.of(1, 2));
 * }
 * }</pre>
 *
 * <p>Sizes over 2 GiB work on JDK 17: the segment is mapped in pieces of 1 GiB and the views are indexed by long.
 * The creator records itself as the owner (see {@link AbandonedSegments}), so a segment left by a killed process is
 * unlinked by the next kernel start or {@code ./procbook clean}. Python attaching a segment it did not create should
 * tell its resource tracker so (Python 3.13: {@code SharedMemory(name, track=False)}; before:
 * {@code resource_tracker.unregister(shm._name, "shared_memory")}), or it unlinks the segment when it exits.
 */
public final class SharedSegment implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final Path path;
    private final MappedPieces pieces;
    private final boolean owner;
    private boolean unlinked;

    private SharedSegment(String name, Path path, MappedPieces pieces, boolean owner) {
        this.name = name;
        this.path = path;
        this.pieces = pieces;
        this.owner = owner;
    }

    /**
     * Creates segment {@code name} of {@code size} bytes, zero-filled, and maps it; {@link #close()} unlinks it.
     *
     * @throws InvalidSegmentNameException if /dev/shm cannot hold {@code name}
     * @throws SegmentExistsException      if a segment of that name exists
     * @throws IllegalArgumentException    if {@code size} is not positive
     * @throws UncheckedIOException        if the file cannot be created or mapped
     */
    public static SharedSegment create(String name, long size) {
        Path path = SegmentNames.path(name);
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: name=" + name + ", size=" + size);
        }
        boolean made = false;
        boolean someoneElses = false;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            SegmentOwners.register(name, SegmentOwners.inode(path));
            ch.truncate(size); // grows the file: ftruncate, as shm_open callers do
            SharedSegment segment = new SharedSegment(name, path,
                    MappedPieces.map(name, ch, size, FileChannel.MapMode.READ_WRITE), true);
            made = true;
            return segment;
        } catch (FileAlreadyExistsException e) {
            someoneElses = true;
            throw new SegmentExistsException(name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create segment: name=" + name + ", size=" + size, e);
        } finally {
            if (!made && !someoneElses) {
                // Whatever ended it (an I/O error, no memory to map, a notebook's stop: on JDK 17 a ThreadDeath that
                // may land even inside open, once the file is made), a file CREATE_NEW made is this call's to remove.
                SegmentOwners.removeUnfinished(name, path);
            }
        }
    }

    /**
     * Creates a segment with a new random name {@code procbook_XXXXXXXXXXXX}, as Python's {@code SharedMemory(create=True)}
     * makes {@code psm_...} names.
     *
     * @see #create(String, long)
     */
    public static SharedSegment create(long size) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return create("procbook_" + HexFormat.of().formatHex(bytes), size);
    }

    /**
     * Attaches existing segment {@code name}, made by any process, mapped shared; {@link #close()} unmaps it.
     *
     * @throws InvalidSegmentNameException if /dev/shm cannot hold {@code name}
     * @throws SegmentNotFoundException    if there is no such segment
     * @throws UncheckedIOException        if it cannot be opened or mapped
     */
    public static SharedSegment attach(String name) {
        return attach(name, -1);
    }

    /**
     * Attaches segment {@code name} and checks that it holds {@code expectedSize} bytes.
     *
     * @throws SegmentSizeMismatchException if its size is not {@code expectedSize}
     * @see #attach(String)
     */
    public static SharedSegment attach(String name, long expectedSize) {
        Path path = SegmentNames.path(name);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (expectedSize >= 0 && size != expectedSize) {
                throw new SegmentSizeMismatchException(name, expectedSize, size);
            }
            if (size == 0) {
                throw new SegmentSizeMismatchException(name, Math.max(expectedSize, 1), 0);
            }
            return new SharedSegment(name, path, MappedPieces.map(name, ch, size, FileChannel.MapMode.READ_WRITE),
                    false);
        } catch (NoSuchFileException e) {
            throw new SegmentNotFoundException(name, path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not attach segment: name=" + name, e);
        }
    }

    /** The segment's name, the one Python's {@code SharedMemory(name=...)} takes. */
    public String name() {
        return name;
    }

    /** Its file, {@code /dev/shm/NAME}. */
    public Path path() {
        return path;
    }

    /** Its size in bytes. */
    public long size() {
        return pieces.size();
    }

    /** Whether this process created it, and so unlinks it on {@link #close()}. */
    public boolean isOwner() {
        return owner;
    }

    /** The segment as bytes. */
    public ByteView bytes() {
        return new ByteView(pieces);
    }

    /** The segment as ints in native order (numpy {@code int32}). */
    public IntView ints() {
        return new IntView(pieces);
    }

    /** The segment as longs in native order (numpy {@code int64}). */
    public LongView longs() {
        return new LongView(pieces);
    }

    /** The segment as doubles in native order (numpy {@code float64}). */
    public DoubleView doubles() {
        return new DoubleView(pieces);
    }

    /**
     * A counter in the 8-byte word at {@code offset}, updated atomically across processes.
     *
     * @throws IllegalArgumentException if {@code offset} is not 8-byte aligned or the word is outside the segment
     */
    public SharedCounter counter(long offset) {
        return new SharedCounter(pieces, offset);
    }

    /**
     * A lock in the 8-byte word at {@code offset}, shared by every process that maps the segment.
     *
     * @throws IllegalArgumentException if {@code offset} is not 8-byte aligned or the word is outside the segment
     */
    public SharedLock lock(long offset) {
        return new SharedLock(pieces, offset);
    }

    /**
     * Maps the segment again, copy-on-write: reads share its pages; a write gives this process its own copy of the
     * page written, and the segment does not change.
     *
     * @throws UncheckedIOException if it cannot be mapped
     */
    public PrivateMapping mapPrivate() {
        return PrivateMapping.of(path);
    }

    /**
     * Removes the name from /dev/shm, as Python's {@code unlink()}: processes that mapped it keep their mapping, and
     * its memory is freed when the last unmaps; idempotent.
     *
     * @throws UncheckedIOException if the file cannot be removed
     */
    public void unlink() {
        synchronized (this) {
            if (unlinked) {
                return;
            }
            unlinked = true;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unlink segment: name=" + name, e);
        } finally {
            SegmentOwners.release(name);
        }
    }

    /** Unmaps the segment, and unlinks it if this process created it; idempotent. */
    @Override
    public void close() {
        try {
            pieces.close();
        } finally {
            if (owner) {
                unlink();
            }
        }
    }

    @Override
    public String toString() {
        return "SharedSegment[name=" + name + ", size=" + size() + (owner ? ", owner" : "")
                + (pieces.isClosed() ? ", closed" : "") + "]";
    }
}
