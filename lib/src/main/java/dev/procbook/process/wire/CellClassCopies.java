package dev.procbook.process.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Copies of the classes compiled from cells, defined afresh from their bytes: what code sent by value runs with when
 * it runs on a thread of the notebook's own process, as Spark's {@code local[N]} executors do. The copies have
 * top-level variables of their own, set from the values sent with the code (see {@link TopLevelValues}), so a task
 * that assigns one, or adds to a list held in one, leaves the notebook's alone, exactly as in a worker process.
 * Classes not compiled from cells (the JDK's, lib's, jars') are this process's own, shared.
 *
 * <pre>{@code
 * CellClassCopies copies = new CellClassCopies();
 * Object result = copies.run(() -> ((SerializableFunction<Object, Object>) Codec.decode(function)).apply(item));
 * }</pre>
 *
 * <p>While {@link #run} runs, the copies are the thread's context loader, and {@link UserClassLoaders} resolves names
 * through them first, so decoding on that thread gives copies. A copy lives as long as this loader: one loader
 * serves the tasks of one executor, whose threads share its variables, as the task threads of one Spark executor
 * or the tasks of one pool worker do.
 */
public final class CellClassCopies extends ClassLoader implements CellClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** A loader of copies of the cell classes that the registered user loaders know. */
    public CellClassCopies() {
        super("procbook-cell-copies", null);
    }

    /**
     * Runs {@code code} with names resolved to copies on this thread, and gives what it returns.
     */
    public <T> T run(Supplier<T> code) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(this);
        try {
            return code.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                ClassLoader origin = origin(name);
                c = origin == null ? UserClassLoaders.resolveOwn(name) : copy(name, origin);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> copy(String name, ClassLoader origin) throws ClassNotFoundException {
        try (InputStream in = origin.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name + " (compiled from a cell, but its loader has no bytes)");
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class: name=" + name, e);
        }
    }

    /** The registered user loader that compiled the class {@code name} from a cell; null if none did. */
    private static ClassLoader origin(String name) {
        for (ClassLoader l : UserClassLoaders.registered()) {
            if (l instanceof CellClassLoader cells && cells.isCellClass(name)) {
                return l;
            }
        }
        return null;
    }

    @Override
    public boolean isCellClass(String binaryName) {
        return origin(binaryName) != null;
    }

    @Override
    public String cellOf(String binaryName) {
        return origin(binaryName) instanceof CellClassLoader cells ? cells.cellOf(binaryName) : null;
    }

    @Override
    public String userTypeName(String typeName) {
        for (ClassLoader l : UserClassLoaders.registered()) {
            if (l instanceof CellClassLoader cells) {
                return cells.userTypeName(typeName);
            }
        }
        return typeName;
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        for (ClassLoader l : UserClassLoaders.registered()) {
            InputStream in = l.getResourceAsStream(name);
            if (in != null) {
                return in;
            }
        }
        return ClassLoader.getSystemResourceAsStream(name);
    }
}
