package dev.procbook.kernel.jshell;

import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

import java.io.File;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JShell's hook for loading the classes of each snippet into the kernel JVM, through a {@link SnippetClassLoader}.
 *
 * <p>Each class is rewritten by {@link ExitCallRewriter} and woven with {@link StopChecks} before it is defined,
 * and the classes defined since the last {@link #drainRecent()} are kept so the evaluator can read the values of
 * the snippets' variables.
 */
final class SnippetLoaderDelegate implements LoaderDelegate {

    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
    private final List<Class<?>> recent = new ArrayList<>();
    private final Set<String> kernelClassPath;
    /** How many times JShell has defined or redefined classes: a compiler that read them knows when to read again. */
    private volatile long generation;
    /** While {@link #define} loads the expression path's classes through the engine: the classes it loaded. */
    private List<Class<?>> besideJShell;

    SnippetLoaderDelegate(ClassLoader parent) {
        this.loader = new SnippetClassLoader(parent);
        loader.declare(StopChecks.CHECK_CLASS, StopChecks.checkClass());
        this.kernelClassPath = Set.copyOf(Arrays.asList(
                System.getProperty("java.class.path", "").split(File.pathSeparator)));
    }

    SnippetClassLoader loader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException {
        if (besideJShell != null) {
            besideJShell.addAll(install(classes));
            return;
        }
        generation++;
        List<Class<?>> types = install(classes);
        synchronized (recent) {
            recent.addAll(types);
        }
    }

    /**
     * Defines classes compiled beside JShell (by {@link ExpressionCells}) through JShell's engine, as JShell's own
     * are defined (on JDK 25 the engine adds the checks that let {@code stop()} end a loop), and returns them; they
     * are not among {@link #drainRecent()}'s, and JShell's generation does not change. On the cell's thread only.
     */
    List<Class<?>> define(ExecutionControl engine, Map<String, byte[]> classes) {
        ClassBytecodes[] bytecodes = classes.entrySet().stream()
                .map(c -> new ClassBytecodes(c.getKey(), c.getValue())).toArray(ClassBytecodes[]::new);
        besideJShell = new ArrayList<>();
        try {
            engine.load(bytecodes);
            return besideJShell;
        } catch (ExecutionControl.ExecutionControlException e) {
            throw new IllegalStateException("cell classes could not be loaded: classes=" + classes.keySet()
                    + ", cause=" + e, e);
        } finally {
            besideJShell = null;
        }
    }

    private List<Class<?>> install(ClassBytecodes[] classes) throws ClassInstallException {
        boolean[] installed = new boolean[classes.length];
        for (int i = 0; i < classes.length; i++) {
            loader.declare(classes[i].name(), rewrite(classes[i].bytecodes()));
        }
        List<Class<?>> types = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            String name = classes[i].name();
            try {
                Class<?> type = loader.loadClass(name);
                loaded.put(name, type);
                types.add(type);
                installed[i] = true;
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ClassInstallException("class could not be loaded: name=" + name + ", cause=" + e, installed);
            }
        }
        return types;
    }

    private static byte[] rewrite(byte[] classBytes) {
        return StopChecks.weave(ExitCallRewriter.rewrite(classBytes));
    }

    /** How many times JShell has defined or redefined classes so far. */
    long generation() {
        return generation;
    }

    @Override
    public void classesRedefined(ClassBytecodes[] classes) {
        generation++;
        for (ClassBytecodes c : classes) {
            loader.declare(c.name(), rewrite(c.bytecodes()));
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank() || kernelClassPath.contains(entry)) {
                continue;
            }
            try {
                loader.addURL(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException | RuntimeException e) {
                throw new InternalException("class path entry unusable: entry=" + entry + ", cause=" + e);
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = loaded.get(name);
        return type != null ? type : loader.loadClass(name);
    }

    /** Returns the classes defined since the last call, oldest first, and forgets them. */
    List<Class<?>> drainRecent() {
        synchronized (recent) {
            List<Class<?>> out = List.copyOf(recent);
            recent.clear();
            return out;
        }
    }
}
