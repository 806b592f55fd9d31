package dev.procbook.kernel.jshell;

import dev.procbook.process.wire.CellClassLoader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Defines the classes compiled from cells, and serves their bytes as {@code .class} resources.
 *
 * <p>Serving the bytes is what lets a worker JVM run a class or lambda defined in a cell: lib's remote class
 * loading asks the task's class loader for {@code getResourceAsStream("REPL/$JShell$12$Point.class")}. As a
 * {@link CellClassLoader} it tells lib which classes hold top-level variables, whose values travel with cell code,
 * and which cell declared them. Jars added with {@code %classpath} are searched after the kernel's own class path.
 */
public final class SnippetClassLoader extends URLClassLoader implements CellClassLoader {

    /** The package and wrapper-class prefix JShell gives every name a cell declares: {@code REPL.$JShell$12B$}. */
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*\\$");

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
    private final Map<String, String> cells = new ConcurrentHashMap<>();

    SnippetClassLoader(ClassLoader parent) {
        super("procbook-cells", new URL[0], parent);
    }

    void declare(String binaryName, byte[] bytes) {
        declared.put(binaryName, bytes);
    }

    /** Records that the class {@code binaryName} was compiled from the cell labelled {@code cell}, e.g. "In [3]". */
    void declaredIn(String binaryName, String cell) {
        cells.put(binaryName, cell);
    }

    /** The binary names of the classes compiled from cells, as they are declared (a live view). */
    Set<String> declaredNames() {
        return Collections.unmodifiableSet(declared.keySet());
    }

    @Override
    public boolean isCellClass(String binaryName) {
        return declared.containsKey(binaryName);
    }

    @Override
    public String cellOf(String binaryName) {
        String cell = cells.get(binaryName);
        return cell != null ? cell : cells.get(topLevel(binaryName));
    }

    /** {@code REPL.$JShell$12} for {@code REPL.$JShell$12$Point$Inner}: the class JShell wrapped a snippet in. */
    static String topLevel(String binaryName) {
        int wrapper = binaryName.indexOf("$JShell$");
        if (wrapper < 0) {
            return binaryName;
        }
        int nested = binaryName.indexOf('$', wrapper + "$JShell$".length());
        return nested < 0 ? binaryName : binaryName.substring(0, nested);
    }

    @Override
    public String userTypeName(String typeName) {
        return WRAPPER.matcher(typeName).replaceAll("");
    }

    @Override
    protected void addURL(URL url) {
        super.addURL(url);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(name);
        if (bytes == null) {
            return super.findClass(name);
        }
        return defineClass(name, bytes, 0, bytes.length, (CodeSource) null);
    }

    /** Returns the bytes of a class compiled from a cell, or null when no cell declared it. */
    public byte[] classBytes(String binaryName) {
        byte[] bytes = declared.get(binaryName);
        return bytes == null ? null : bytes.clone();
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        if (name.endsWith(".class")) {
            String binaryName = name.substring(0, name.length() - ".class".length()).replace('/', '.');
            byte[] bytes = declared.get(binaryName);
            if (bytes != null) {
                return new ByteArrayInputStream(bytes);
            }
        }
        return super.getResourceAsStream(name);
    }
}
