package dev.procbook.kernel.jshell;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.CodeSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Defines the classes compiled from cells, and serves their bytes as {@code .class} resources.
 *
 * <p>Serving the bytes is what lets a worker JVM run a class or lambda defined in a cell: lib's remote class
 * loading asks the task's class loader for {@code getResourceAsStream("REPL/$JShell$12$Point.class")}.
 * Jars added with {@code %classpath} are searched after the kernel's own class path.
 */
public final class SnippetClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

    SnippetClassLoader(ClassLoader parent) {
        super("procbook-cells", new URL[0], parent);
    }

    void declare(String binaryName, byte[] bytes) {
        declared.put(binaryName, bytes);
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
