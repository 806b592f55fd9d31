package dev.procbook.spark;

import dev.procbook.process.wire.CellClassLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes the class files of cell classes, and of the cell classes they refer to, into the folder that Spark's REPL
 * class server serves to executors ({@code spark.repl.class.outputDir}), as Spark's own shell writes its lines.
 *
 * <p>A class is written once: JShell gives every compiled snippet a new class name, so a name never changes meaning.
 */
final class CellClassFiles {

    private final Path dir;
    private final Set<String> written = new HashSet<>();

    CellClassFiles(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the class folder: path=" + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Writes each cell class among {@code roots}, and every cell class they refer to, that is not written yet. */
    synchronized void publish(Iterable<Class<?>> roots) {
        ArrayDeque<String> work = new ArrayDeque<>();
        ClassLoader loader = null;
        for (Class<?> c : roots) {
            if (c != null && c.getClassLoader() instanceof CellClassLoader cells && cells.isCellClass(c.getName())) {
                loader = c.getClassLoader();
                work.add(c.getName());
            }
        }
        while (!work.isEmpty()) {
            String name = work.poll();
            if (!written.add(name)) {
                continue;
            }
            byte[] bytes = bytesOf(loader, name);
            if (bytes == null) {
                continue;
            }
            write(name, bytes);
            for (String referenced : references(bytes)) {
                if (!written.contains(referenced) && ((CellClassLoader) loader).isCellClass(referenced)) {
                    work.add(referenced);
                }
            }
        }
    }

    private void write(String binaryName, byte[] bytes) {
        Path file = dir.resolve(binaryName.replace('.', '/') + ".class");
        try {
            Files.createDirectories(file.getParent());
            Path part = Files.createTempFile(file.getParent(), ".part-", ".class");
            Files.write(part, bytes);
            Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a cell class: class=" + binaryName + ", dir=" + dir, e);
        }
    }

    private static byte[] bytesOf(ClassLoader loader, String binaryName) {
        try (InputStream in = loader.getResourceAsStream(binaryName.replace('.', '/') + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a cell class: class=" + binaryName, e);
        }
    }

    /**
     * Every name that {@code bytes} may refer to a class by: the strings of its constant pool (class names,
     * descriptors, signatures) cut at the characters that end a name in a descriptor, with the {@code L} that starts
     * an object type dropped, as binary names. Over-inclusive on purpose: only cell classes among them are kept.
     */
    static Set<String> references(byte[] bytes) {
        Set<String> names = new HashSet<>();
        for (String utf8 : constantPoolStrings(bytes)) {
            for (String token : utf8.split("[;()<>\\[:*+^.]")) {
                if (token.isEmpty()) {
                    continue;
                }
                names.add(token.replace('/', '.'));
                for (int k = token.indexOf('L'); k >= 0; k = token.indexOf('L', k + 1)) {
                    names.add(token.substring(k + 1).replace('/', '.'));
                }
            }
        }
        return names;
    }

    /** The UTF-8 strings of a class file's constant pool (JVMS 4.4). */
    static java.util.List<String> constantPoolStrings(byte[] bytes) {
        java.util.List<String> out = new java.util.ArrayList<>();
        try {
            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes));
            in.skipNBytes(8); // magic, minor and major version
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> out.add(in.readUTF());
                    case 3, 4 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++; // a long or double takes two entries
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 15 -> in.skipNBytes(3);
                    default -> throw new IOException("unknown constant pool tag: tag=" + tag + ", entry=" + i);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("class file unreadable: length=" + bytes.length, e);
        }
        return out;
    }
}
