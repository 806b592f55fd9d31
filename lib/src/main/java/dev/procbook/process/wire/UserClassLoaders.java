package dev.procbook.process.wire;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The class loaders of user code seen by this process (the loaders of submitted tasks and sent objects, such as a
 * notebook's JShell loader), most recent first: where class bytes are served from and classes resolved.
 *
 * <p>Loaders are held weakly, so registering a cell's loader never keeps it alive.
 *
 * <p>Process-wide on purpose, like the JVM's own table of loaded classes, rather than part of the {@link Wiring}: it
 * holds no thread, socket, file or hook to close, decoding needs it in processes that never open a wiring (a Spark
 * executor), and a notebook's loader, registered once at the kernel's start, must outlive a wiring closed and made
 * again.
 */
public final class UserClassLoaders {

    private static final List<WeakReference<ClassLoader>> LOADERS = new ArrayList<>();
    private static final java.util.Map<String, byte[]> GENERATED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();
    private static volatile int version;

    private UserClassLoaders() {
    }

    /**
     * Records {@code loader} as the most recent user loader; null, the system loader and its parents, and
     * {@link CellClassCopies} (which copy what registered loaders hold) are ignored.
     */
    public static void register(ClassLoader loader) {
        if (loader == null || loader instanceof CellClassCopies || isSystemOrAncestor(loader)) {
            return;
        }
        synchronized (LOADERS) {
            if (!LOADERS.isEmpty() && LOADERS.get(0).get() == loader) {
                return;
            }
            // A loop rather than removeIf with a lambda: a worker registers its loader before its handshake, and
            // bootstrapping a lambda there costs start-up time.
            for (Iterator<WeakReference<ClassLoader>> it = LOADERS.iterator(); it.hasNext(); ) {
                ClassLoader l = it.next().get();
                if (l == null || l == loader) {
                    it.remove();
                }
            }
            LOADERS.add(0, new WeakReference<>(loader));
            version++;
        }
    }

    /**
     * A number that changes whenever the registered loaders change, so a class resolved earlier by
     * {@link #resolve(String)} stays valid while it and the thread's context loader are unchanged.
     */
    public static int version() {
        return version;
    }

    private static boolean isSystemOrAncestor(ClassLoader loader) {
        for (ClassLoader l = SYSTEM; l != null; l = l.getParent()) {
            if (l == loader) {
                return true;
            }
        }
        return false;
    }

    /**
     * The registered loaders, most recent first, then the current thread's context loader and the system loader; a
     * context loader that is a {@link CellClassCopies} comes first, so that names resolve to its copies.
     */
    public static List<ClassLoader> candidates() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context instanceof CellClassCopies copies) {
            List<ClassLoader> out = new ArrayList<>();
            out.add(copies);
            out.addAll(own());
            return out;
        }
        List<ClassLoader> out = registered();
        if (context != null && !out.contains(context)) {
            out.add(context);
        }
        if (!out.contains(SYSTEM)) {
            out.add(SYSTEM);
        }
        return out;
    }

    /** The registered loaders, most recent first. */
    static List<ClassLoader> registered() {
        List<ClassLoader> out = new ArrayList<>();
        synchronized (LOADERS) {
            for (Iterator<WeakReference<ClassLoader>> it = LOADERS.iterator(); it.hasNext(); ) {
                ClassLoader l = it.next().get();
                if (l == null) {
                    it.remove();
                } else {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** The registered loaders, then the system loader: where this process's own classes are, never copies. */
    private static List<ClassLoader> own() {
        List<ClassLoader> out = registered();
        if (!out.contains(SYSTEM)) {
            out.add(SYSTEM);
        }
        return out;
    }

    /**
     * Serves {@code bytes} as the class {@code binaryName}, a class this process generated (such as a manager proxy's),
     * so that a child that needs the same class fetches it rather than generating it again.
     */
    public static void serveGenerated(String binaryName, byte[] bytes) {
        GENERATED.put(binaryName, bytes.clone());
    }

    /**
     * The bytes of the class named {@code binaryName}: a class generated here ({@link #serveGenerated}), else the
     * resource {@code a/b/C.class} of the first candidate loader that has it; null when none has.
     *
     * @throws java.io.UncheckedIOException if a loader finds the resource but reading it fails
     */
    public static byte[] classBytes(String binaryName) {
        byte[] generated = GENERATED.get(binaryName);
        if (generated != null) {
            return generated.clone();
        }
        String resource = binaryName.replace('.', '/') + ".class";
        for (ClassLoader l : candidates()) {
            try (InputStream in = l.getResourceAsStream(resource)) {
                if (in != null) {
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read class: name=" + binaryName, e);
            }
        }
        return null;
    }

    /**
     * Loads the class named {@code binaryName} from the first candidate loader that knows it.
     *
     * @throws ClassNotFoundException if no candidate knows it
     */
    public static Class<?> resolve(String binaryName) throws ClassNotFoundException {
        return resolve(binaryName, candidates());
    }

    /**
     * Loads the class named {@code binaryName} as this process's own, never a {@link CellClassCopies}' copy.
     *
     * @throws ClassNotFoundException if no registered loader nor the system loader knows it
     */
    static Class<?> resolveOwn(String binaryName) throws ClassNotFoundException {
        return resolve(binaryName, own());
    }

    private static Class<?> resolve(String binaryName, List<ClassLoader> candidates) throws ClassNotFoundException {
        ClassNotFoundException last = null;
        for (ClassLoader l : candidates) {
            try {
                return Class.forName(binaryName, false, l);
            } catch (ClassNotFoundException e) {
                last = e;
            }
        }
        throw last != null ? last : new ClassNotFoundException(binaryName);
    }
}
