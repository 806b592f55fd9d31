package dev.procbook.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The jar an archived worker JVM is started with, {@code java -jar worker-KEY.jar}: it holds nothing but a manifest
 * that names {@link WorkerMain}, lists the worker's class path ({@code Class-Path}) and opens {@code java.nio} to it
 * ({@code Add-Opens}).
 *
 * <p>Why not {@code -cp} and {@code --add-opens}: that option makes the JVM build its module graph at start instead
 * of mapping the one in the JDK's class-data archive, some 10 ms of every worker's start on JDK 17 and 25, while
 * a main jar's {@code Add-Opens} is applied once the archived graph is in place.
 *
 * <p>Made beside the worker archive, with its key, before the training run that makes that archive, and never
 * rewritten while the archive stands: the archive records the jar's size and time. Its class path entries are
 * paths relative to the jar's directory, which both the class loader (as relative URLs) and the JVM's class-data
 * sharing (as file names) read the same way; a class path that cannot be written so (a space in a name, say) gets
 * no jar, and its workers start with {@code -cp} as before.
 */
final class WorkerJar {

    /** The package a worker's class path needs opened: Arrow's memory module reads a buffer's address. */
    static final String OPENED = "java.base/java.nio";
    /** The same as a JVM option, for workers started with {@code -cp}. */
    static final String OPENS_OPTION = "--add-opens=" + OPENED + "=ALL-UNNAMED";
    /** Characters that mean the same in a relative URL and a file name. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/+,=@~-]+");

    private WorkerJar() {
    }

    /**
     * The command line of a worker JVM up to its entry point: {@code java}, then {@code archiveOptions}, the options
     * every worker needs, and the user's, last so that they win. {@code jar}, when not null, is the worker's
     * {@link WorkerJar}.
     */
    static List<String> jvm(WorkerOptions options, List<String> archiveOptions, Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(options.javaCommand().toString());
        cmd.addAll(archiveOptions);
        if (jar == null) {
            cmd.add(OPENS_OPTION);
        }
        cmd.addAll(options.requiredJvmOptions());
        cmd.addAll(options.jvmOptions());
        return cmd;
    }

    /** What follows {@link #jvm}: the jar, or the class path and {@link WorkerMain}. */
    static List<String> entry(WorkerOptions options, Path jar) {
        return jar == null ? List.of("-cp", options.classPath(), WorkerMain.class.getName())
                : List.of("-jar", jar.toString());
    }

    /** The jar that goes with {@code archive}: its name with the archive's suffix replaced by {@code .jar}. */
    static Path of(Path archive) {
        String name = archive.getFileName().toString();
        return archive.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".jar");
    }

    /**
     * Writes the jar for {@code classPath} to {@code jar}, replacing it at once; false, and no jar, when the class
     * path cannot be written as plain relative paths.
     */
    static boolean write(Path jar, String classPath) throws IOException {
        List<String> entries = relativeEntries(jar.getParent().toRealPath(), classPath);
        Files.deleteIfExists(jar);
        if (entries == null) {
            return false;
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, WorkerMain.class.getName());
        main.put(new Attributes.Name("Add-Opens"), OPENED);
        StringJoiner path = new StringJoiner(" ");
        entries.forEach(path::add);
        main.put(Attributes.Name.CLASS_PATH, path.toString());
        Path tmp = jar.resolveSibling(jar.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + ".tmp");
        try {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), manifest)) {
                out.finish();
            }
            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    /**
     * The class path's entries relative to {@code dir}, through real paths (the JVM resolves {@code ..} in the
     * file system, across symbolic links); missing entries are left out; null if an entry is not plain.
     */
    private static List<String> relativeEntries(Path dir, String classPath) throws IOException {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path real;
            try {
                real = Path.of(entry).toRealPath();
            } catch (NoSuchFileException e) {
                continue; // adds nothing; the archive's key changes if it appears
            }
            String relative = dir.relativize(real).toString().replace(File.separatorChar, '/');
            if (Files.isDirectory(real)) {
                relative = relative.isEmpty() ? "./" : relative + "/";
            }
            if (!PLAIN.matcher(relative).matches()) {
                return null;
            }
            out.add(relative);
        }
        return out;
    }
}
