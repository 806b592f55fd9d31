package dev.procbook.kernel.magic;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * {@code %classpath [PATH ...]}: adds jars or class folders (a {@code dir/*} adds every jar in dir) to the class
 * path of later cells; without arguments, prints the class path.
 */
public final class ClasspathMagic implements LineMagic {

    private final List<String> added = new ArrayList<>();

    @Override
    public Object run(String args, MagicContext context) {
        if (args.isBlank()) {
            context.out().println(String.join(File.pathSeparator, classPath()));
            return null;
        }
        List<String> entries = new ArrayList<>();
        for (String token : args.strip().split("\\s+|" + File.pathSeparator)) {
            if (!token.isBlank()) {
                entries.addAll(resolve(token));
            }
        }
        for (String entry : entries) {
            context.evaluator().addToClasspath(entry);
            added.add(entry);
            context.out().println("added to class path: " + entry);
        }
        return null;
    }

    private List<String> classPath() {
        List<String> all = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        all.addAll(added);
        return all;
    }

    private static List<String> resolve(String token) {
        if (token.endsWith("/*")) {
            Path dir = Path.of(token.substring(0, token.length() - 2));
            if (!Files.isDirectory(dir)) {
                throw new MagicUsageException("%classpath", "no such folder: path=" + dir.toAbsolutePath());
            }
            try (Stream<Path> jars = Files.list(dir)) {
                return jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                        .map(p -> p.toAbsolutePath().toString()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("folder unreadable: path=" + dir, e);
            }
        }
        Path path = Path.of(token);
        if (!Files.exists(path)) {
            throw new MagicUsageException("%classpath", "no such jar or folder: path=" + path.toAbsolutePath());
        }
        if (!Files.isDirectory(path)) {
            checkIsZip(path);
        }
        return List.of(path.toAbsolutePath().toString());
    }

    /** Refuses a file that is not a jar: on the class path it would make every later cell fail to compile. */
    private static void checkIsZip(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.size();
        } catch (ZipException e) {
            throw new MagicUsageException("%classpath", "not a jar or zip file: path=" + file.toAbsolutePath()
                    + ", cause=" + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("jar unreadable: path=" + file.toAbsolutePath(), e);
        }
    }
}
