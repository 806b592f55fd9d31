package dev.procbook.shm;

import dev.procbook.process.wire.HandleClosedException;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import tech.tablesaw.api.Table;

/**
 * A Tablesaw table published once in shared memory as an Arrow IPC file, {@code /dev/shm/NAME}, and attached by any
 * process without copying: attaching maps the file's batches and reads only its footer, so it takes the same time
 * for any number of rows, and every process reading the frame shares the same physical pages.
 *
 * <pre>{@code
 * try (SharedFrame frame = SharedFrame.publish("genome", table)) {        // the publisher: close() unlinks
 *     List<Long> sums = pool.map(col -> frame.column(col).sumLong(),    // only the frame's name travels
 *             List.of("pos", "depth"));
 * }
 * }</pre>
 *
 * <p>A frame passed to a task (as an argument or a top-level variable) travels as its name: the worker attaches it
 * once and keeps it attached for later tasks until it exits, so {@code close()} on a frame that arrived that way
 * releases nothing. {@link #attach(String)} maps the file shared (a write through a vector is seen by every
 * process); {@link #attachCopyOnWrite(String)} maps it private, so writes copy only the pages they touch. The file
 * is real Arrow: pyarrow, node's {@code apache-arrow} or DuckDB read it. Strings are dictionary-encoded; the types
 * are those of {@link FrameColumn#get(long)}.
 */
public final class SharedFrame implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;
    private static final AtomicLong TEMPORARY = new AtomicLong();
    /** Frames that reached this process by name, attached once each: name to frame. */
    private static final Map<String, SharedFrame> RECEIVED = new ConcurrentHashMap<>();

    private final transient String name;
    private final transient Path path;
    /** The file's inode, or 0 until a frame attached by name is first serialized. */
    private transient long inode;
    private final transient long bytes;
    private final transient boolean owner;
    private final transient boolean received;
    private final transient FrameReader.Attached attached;
    private final transient List<FrameColumn> columns = new ArrayList<>();
    private transient boolean closed;
    /** Whether this publisher's close unlinked the file. Guarded by this. */
    private transient boolean unlinked;

    private SharedFrame(String name, Path path, long inode, long bytes, boolean owner, boolean received,
                        FrameReader.Attached attached) {
        this.name = name;
        this.path = path;
        this.inode = inode;
        this.bytes = bytes;
        this.owner = owner;
        this.received = received;
        this.attached = attached;
        List<Field> fields = attached.schema().getFields();
        for (int i = 0; i < fields.size(); i++) {
            columns.add(new FrameColumn(name, i, attached.batches(), attached.dictionaries()));
        }
    }

    /**
     * The allocator every frame of this process wraps its mappings in, made on first use. Arrow announces at INFO
     * which allocation manager it picked; where SLF4J goes to java.util.logging (the kernel, its workers) that line
     * would land in a notebook cell as stderr, so Arrow's logger is set to WARNING unless configured otherwise. The
     * logger is held here because java.util.logging keeps loggers only weakly.
     */
    private static final class Allocator {
        static final java.util.logging.Logger ARROW_LOG = java.util.logging.Logger.getLogger("org.apache.arrow");
        static final BufferAllocator ROOT = create();

        private static BufferAllocator create() {
            if (ARROW_LOG.getLevel() == null) {
                ARROW_LOG.setLevel(java.util.logging.Level.WARNING);
            }
            return new RootAllocator();
        }
    }

    /** The allocator frames of this process wrap their mappings in. */
    static BufferAllocator allocator() {
        return Allocator.ROOT;
    }

    /**
     * Writes {@code table} to /dev/shm/NAME as an Arrow IPC file and attaches it; {@link #close()} unlinks it. The
     * file appears under its name only once complete.
     *
     * @throws InvalidSegmentNameException if /dev/shm cannot hold {@code name}
     * @throws SegmentExistsException      if a segment or frame of that name exists
     * @throws IllegalArgumentException    if a column's type cannot be held (see {@link FrameColumn#get(long)})
     * @throws UncheckedIOException        if the file cannot be written
     */
    public static SharedFrame publish(String name, Table table) {
        return publish(name, table, FrameDescriptor.TARGET_BATCH_BYTES);
    }

    /** As {@link #publish(String, Table)}, in record batches of about {@code batchBytes}. */
    static SharedFrame publish(String name, Table table, long batchBytes) {
        Path path = SegmentNames.path(name);
        if (Files.exists(path)) {
            throw new SegmentExistsException(name);
        }
        String tmpName = ".procbook-publishing-" + ProcessHandle.current().pid() + "-" + TEMPORARY.incrementAndGet();
        long inode;
        Path tmp = SegmentNames.DIRECTORY.resolve(tmpName);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                SegmentOwners.register(tmpName, SegmentOwners.inode(tmp));
                new FrameWriter(table, Allocator.ROOT, batchBytes).write(ch);
            }
            // a link, not a rename: it fails rather than replace a frame published meanwhile under the same name
            Files.createLink(path, tmp);
            inode = SegmentOwners.inode(path);
            SegmentOwners.register(name, inode);
        } catch (FileAlreadyExistsException e) {
            throw new SegmentExistsException(name);
        } catch (IOException e) {
            throw new UncheckedIOException("could not publish frame: name=" + name + ", rows=" + table.rowCount(), e);
        } finally {
            SegmentOwners.removeUnfinished(tmpName, tmp);
        }
        boolean opened = false;
        try {
            SharedFrame frame = open(name, inode, FileChannel.MapMode.READ_WRITE, true, false);
            opened = true;
            return frame;
        } finally {
            if (!opened) { // whatever ended it: a bad file, no memory to map, a notebook's stop (JDK 17)
                SegmentOwners.removeUnfinished(name, path);
            }
        }
    }

    /**
     * Attaches frame {@code name}, mapped shared.
     *
     * @throws SegmentNotFoundException   if there is no such frame
     * @throws FrameFormatException       if the file is not a well-formed Arrow IPC file (truncated, corrupt)
     * @throws UnsupportedFrameException  if it is compressed or has delta dictionaries
     */
    public static SharedFrame attach(String name) {
        return open(name, 0, FileChannel.MapMode.READ_WRITE, false, false);
    }

    /**
     * Attaches frame {@code name} copy-on-write: reads share the publisher's pages, and a write through a vector
     * gives this process its own copy of the page it touches, leaving the frame unchanged for everyone else.
     *
     * @see #attach(String)
     */
    public static SharedFrame attachCopyOnWrite(String name) {
        return open(name, 0, FileChannel.MapMode.PRIVATE, false, false);
    }

    /** Attaches {@code name}; {@code inode} is the file's if known, else 0 (looked up only if the frame travels). */
    private static SharedFrame open(String name, long inode, FileChannel.MapMode mode, boolean owner,
                                    boolean received) {
        Path path = SegmentNames.path(name);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FrameReader.Attached attached = FrameReader.attach(name, ch, mode, Allocator.ROOT);
            return new SharedFrame(name, path, inode, ch.size(), owner, received, attached);
        } catch (NoSuchFileException e) {
            throw new SegmentNotFoundException(name, path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not attach frame: name=" + name, e);
        }
    }

    /** The frame's name. */
    public String name() {
        return name;
    }

    /** Its file, {@code /dev/shm/NAME}, an Arrow IPC file. */
    public Path path() {
        return path;
    }

    /** The size of the file in bytes. */
    public long bytes() {
        return bytes;
    }

    /** Whether this process published it, and so unlinks it on {@link #close()}. */
    public boolean isOwner() {
        return owner;
    }

    /** The number of rows. */
    public long rowCount() {
        return columns.isEmpty() ? 0 : columns.get(0).size();
    }

    /** The column names, in order. */
    public List<String> columnNames() {
        return attached.schema().getFields().stream().map(Field::getName).toList();
    }

    /** The Arrow schema, with string columns as dictionary-encoded int32 indexes. */
    public Schema schema() {
        return attached.schema();
    }

    /**
     * The column named {@code column}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public FrameColumn column(String column) {
        checkOpen();
        for (FrameColumn c : columns) {
            if (c.name().equals(column)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no such column: frame=" + name + ", column=" + column + ", columns="
                + columnNames());
    }

    /** Every column, in order. */
    public List<FrameColumn> columns() {
        checkOpen();
        return List.copyOf(columns);
    }

    /** The record batches as Arrow vectors over the shared memory; valid until {@link #close()}. */
    public List<VectorSchemaRoot> batches() {
        checkOpen();
        return List.copyOf(attached.batches());
    }

    /** Copies the frame into a Tablesaw table on this process's heap, named as the frame. */
    public Table toTable() {
        checkOpen();
        return FrameTables.toTable(name, columns);
    }

    private void checkOpen() {
        if (closed) {
            throw new HandleClosedException("shared frame: name=" + name);
        }
    }

    /**
     * Unmaps the frame, and unlinks it if this process published it; idempotent. A frame that reached this process
     * by name stays attached for later tasks (see above); {@link #detachReceived()} releases those.
     */
    @Override
    public void close() {
        // One try from the first bytecode to the last call: a stop (JDK 17 stops a notebook cell with Thread.stop)
        // may land on any of them, and the publisher's file is unlinked whatever ends the close. (A finally would
        // not do: its code on the normal path, after the try, is where a stop could still land.)
        try {
            if (received) {
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            attached.close();
            if (owner) {
                unlinkOnce();
            }
        } catch (Throwable t) {
            if (owner) {
                unlinkOnce();
            }
            throw t;
        }
    }

    private void unlinkOnce() {
        synchronized (this) {
            if (unlinked) {
                return;
            }
            unlinked = true;
        }
        unlink(name, path);
    }

    /** Releases the frames that reached this process by name; returns how many. */
    public static int detachReceived() {
        int n = 0;
        for (String key : List.copyOf(RECEIVED.keySet())) {
            SharedFrame f = RECEIVED.remove(key);
            if (f != null) {
                f.attached.close();
                n++;
            }
        }
        return n;
    }

    private static void unlink(String name, Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unlink frame: name=" + name, e);
        } finally {
            SegmentOwners.release(name);
        }
    }

    /** A frame travels as its name and inode, never its data. */
    private Object writeReplace() throws ObjectStreamException {
        if (inode == 0) {
            inode = SegmentOwners.inode(path);
        }
        return new Handle(name, inode);
    }

    /** What a frame serializes to; attached again, once per process, where it is read. */
    private static final class Handle implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final long inode;

        Handle(String name, long inode) {
            this.name = name;
            this.inode = inode;
        }

        private Object readResolve() throws ObjectStreamException {
            return received(name, inode);
        }
    }

    private static SharedFrame received(String name, long inode) {
        SharedFrame f = RECEIVED.get(name);
        if (f != null && f.inode == inode) {
            return f;
        }
        synchronized (RECEIVED) {
            f = RECEIVED.get(name);
            if (f != null && f.inode == inode) {
                return f;
            }
            if (f != null) {
                f.attached.close(); // a frame published again under the same name
            }
            f = open(name, inode, FileChannel.MapMode.READ_WRITE, false, true);
            RECEIVED.put(name, f);
            return f;
        }
    }

    @Override
    public String toString() {
        return "SharedFrame[name=" + name + ", rows=" + rowCount() + ", columns=" + columns.size() + ", bytes=" + bytes
                + (owner ? ", owner" : "") + (closed ? ", closed" : "") + "]";
    }
}
