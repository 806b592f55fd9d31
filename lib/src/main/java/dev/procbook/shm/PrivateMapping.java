package dev.procbook.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A copy-on-write mapping of a file or segment ({@code MapMode.PRIVATE}, {@code mmap(MAP_PRIVATE)}): what the JVM has
 * in place of fork's copy-on-write. Reads share the file's pages with every other process that maps it; the first
 * write to a page gives this process a private copy of that page alone, so its USS grows by the pages written and
 * the file does not change.
 *
 * <pre>{@code
 * try (PrivateMapping m = PrivateMapping.of(Path.of("/dev/shm/prices"))) {
 *     double total = m.doubles().sum();    // shared pages
 *     m.doubles().set(0, -1);              // one page copied, here only
 * }
 * }</pre>
 */
public final class PrivateMapping implements AutoCloseable {

    private final Path file;
    private final MappedPieces pieces;

    private PrivateMapping(Path file, MappedPieces pieces) {
        this.file = file;
        this.pieces = pieces;
    }

    /**
     * Maps all of {@code file} copy-on-write.
     *
     * @throws SegmentNotFoundException if there is no such file
     * @throws IllegalArgumentException if the file is empty
     * @throws UncheckedIOException     if it cannot be opened or mapped
     */
    public static PrivateMapping of(Path file) {
        // the JDK maps PRIVATE only from a channel open for writing, though nothing is written to the file
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0) {
                throw new IllegalArgumentException("cannot map an empty file: path=" + file);
            }
            return new PrivateMapping(file, MappedPieces.map(file.toString(), ch, size, FileChannel.MapMode.PRIVATE));
        } catch (NoSuchFileException e) {
            throw new SegmentNotFoundException(file.getFileName().toString(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not map copy-on-write: path=" + file, e);
        }
    }

    /**
     * Maps segment {@code name} copy-on-write.
     *
     * @throws InvalidSegmentNameException if /dev/shm cannot hold {@code name}
     * @see #of(Path)
     */
    public static PrivateMapping ofSegment(String name) {
        return of(SegmentNames.path(name));
    }

    /** The file mapped. */
    public Path file() {
        return file;
    }

    /** The size mapped, in bytes. */
    public long size() {
        return pieces.size();
    }

    /** The mapping as bytes. */
    public ByteView bytes() {
        return new ByteView(pieces);
    }

    /** The mapping as ints in native order. */
    public IntView ints() {
        return new IntView(pieces);
    }

    /** The mapping as longs in native order. */
    public LongView longs() {
        return new LongView(pieces);
    }

    /** The mapping as doubles in native order. */
    public DoubleView doubles() {
        return new DoubleView(pieces);
    }

    /**
     * Writes one byte in each of {@code pages} pages spread evenly over the mapping (the byte's own value, so
     * nothing readable changes) and returns the number of pages so copied: the seed's "a write copies only the
     * touched pages" made measurable.
     *
     * @throws IllegalArgumentException if {@code pages} is negative or more than the mapping has
     */
    public long touchPages(long pages) {
        long pageSize = 4096;
        long total = size() / pageSize;
        if (pages < 0 || pages > total) {
            throw new IllegalArgumentException("pages outside the mapping: pages=" + pages + ", mapped=" + total);
        }
        ByteView b = bytes();
        for (long i = 0; i < pages; i++) {
            long at = (total * i / pages) * pageSize;
            b.set(at, b.get(at));
        }
        return pages;
    }

    /** Unmaps, dropping the private copies; idempotent. */
    @Override
    public void close() {
        pieces.close();
    }

    @Override
    public String toString() {
        return "PrivateMapping[path=" + file + ", size=" + size() + "]";
    }
}
