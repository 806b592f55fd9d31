package dev.procbook.kernel.jshell;

import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The files javac sees when {@link PooledCompiler} compiles a cell: the session's class path, the classes JShell
 * compiled from earlier cells (package {@code REPL}, read from the {@link SnippetClassLoader}, never from disk), and
 * class output kept in memory.
 */
final class CellClassFiles extends ForwardingJavaFileManager<StandardJavaFileManager> {

    private static final String REPL = "REPL";

    private final SnippetClassLoader cells;
    /** The top-level classes of package REPL that hold live declarations: javac is shown those and their members. */
    private final Supplier<Set<String>> live;
    /** Names of the classes of package REPL that javac is not shown: those compiled here. */
    private final String ownPrefix;
    private final Map<String, ByteArrayOutputStream> output = new LinkedHashMap<>();
    /** How many classes of earlier cells javac was last shown. */
    private int cellClassesListed;

    CellClassFiles(SnippetClassLoader cells, Supplier<Set<String>> live, String ownPrefix, List<String> classPath) {
        super(ToolProvider.getSystemJavaCompiler().getStandardFileManager(null, null, StandardCharsets.UTF_8));
        this.cells = cells;
        this.live = live;
        this.ownPrefix = ownPrefix;
        try {
            fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH,
                    classPath.stream().filter(e -> !e.isBlank()).map(Path::of).toList());
        } catch (IOException e) {
            throw new IllegalArgumentException("class path unusable: classPath=" + String.join(File.pathSeparator,
                    classPath) + ", cause=" + e, e);
        }
    }

    /** Forgets the output of the previous compilation. */
    void startOutput() {
        output.clear();
    }

    /** The binary names of the classes written since {@link #startOutput()}. */
    Set<String> outputNames() {
        return output.keySet();
    }

    /** The classes written since {@link #startOutput()}, by binary name, in the order javac wrote them. */
    Map<String, byte[]> output() {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        output.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return classes;
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                         boolean recurse) throws IOException {
        Iterable<JavaFileObject> listed = super.list(location, packageName, kinds, recurse);
        if (location != StandardLocation.CLASS_PATH || !packageName.equals(REPL)
                || !kinds.contains(JavaFileObject.Kind.CLASS)) {
            return listed;
        }
        // Only the classes of live declarations and their members: JShell keeps every class a session ever compiled
        // (each redefinition, each expression it ran), and javac reads every class listed in the cell's package,
        // so listing them all made each cell cost more the longer the session ran.
        List<JavaFileObject> all = new ArrayList<>();
        listed.forEach(all::add);
        Set<String> tops = live.get();
        int shown = 0;
        for (String name : cells.declaredNames()) {
            if (!name.startsWith(ownPrefix) && tops.contains(SnippetClassLoader.topLevel(name))) {
                all.add(new CellClass(name));
                shown++;
            }
        }
        cellClassesListed = shown;
        return all;
    }

    /** How many classes of earlier cells javac was shown when it last listed package REPL. */
    int cellClassesListed() {
        return cellClassesListed;
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
        return file instanceof CellClass cell ? cell.binaryName : super.inferBinaryName(location, file);
    }

    @Override
    public boolean hasLocation(Location location) {
        return location == StandardLocation.CLASS_OUTPUT || super.hasLocation(location);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                               FileObject sibling) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        output.put(className, bytes);
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
            @Override
            public OutputStream openOutputStream() {
                return bytes;
            }
        };
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return a instanceof CellClass || b instanceof CellClass ? a.equals(b) : super.isSameFile(a, b);
    }

    /** A class JShell compiled from a cell, read from the cells' class loader. */
    private final class CellClass extends SimpleJavaFileObject {
        private final String binaryName;

        CellClass(String binaryName) {
            super(URI.create("mem:///" + binaryName.replace('.', '/') + Kind.CLASS.extension), Kind.CLASS);
            this.binaryName = binaryName;
        }

        @Override
        public InputStream openInputStream() throws IOException {
            byte[] bytes = cells.classBytes(binaryName);
            if (bytes == null) {
                throw new IOException("class no longer declared by a cell: " + binaryName);
            }
            return new ByteArrayInputStream(bytes);
        }
    }
}
