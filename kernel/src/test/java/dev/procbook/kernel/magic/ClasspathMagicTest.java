package dev.procbook.kernel.magic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClasspathMagicTest {

    @RegisterExtension
    static final JShellMagicContext context = new JShellMagicContext(new Magics());

    private final ClasspathMagic classpath = new ClasspathMagic();

    @Test
    void aJarIsAddedAndNamed(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("empty.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.write("a jar with one entry".getBytes());
        }
        classpath.run(jar.toString(), context);
        assertTrue(context.printed().contains("added to class path: " + jar.toAbsolutePath()), context.printed());
    }

    @Test
    void aTextFileIsRefusedAsNotAJar(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "these are notes, not classes\n");
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> classpath.run(text.toString(), context));
        assertTrue(e.getMessage().startsWith("%classpath: not a jar or zip file: path=" + text.toAbsolutePath()),
                e.getMessage());
        assertFalse(context.printed().contains(text.toString()), context.printed());
    }

    @Test
    void aMissingPathIsRefusedNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jar");
        MagicUsageException e = assertThrows(MagicUsageException.class,
                () -> classpath.run(missing.toString(), context));
        assertEquals("%classpath: no such jar or folder: path=" + missing.toAbsolutePath(), e.getMessage());
    }
}
