package dev.procbook.process;

import dev.procbook.process.wire.Secret;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The class-data-sharing (AppCDS) archive that lets worker JVMs map the classes of their start path instead of
 * loading and verifying them: made once per java runtime, JVM options and worker class path (each entry's size
 * and modification time included), by a training run ({@link WorkerTraining}) with
 * {@code -XX:ArchiveClassesAtExit}, and reused with {@code -XX:SharedArchiveFile}.
 *
 * <p>Creation is serialized between threads and, with a file lock, between processes; the archive is written under
 * a temporary name, checked by a JVM started with {@code -Xshare:on} (an AOT cache: {@code -XX:AOTMode=on}), and
 * renamed into place, so a reader never sees a partial one. Its length is recorded beside it: a JVM mapping a truncated archive can crash, so an archive
 * whose length or magic number does not match is made again. Any failure leaves workers without an archive, as
 * before; none is reported, and the JVM's own archive messages are silenced. Each rebuilt jar makes a new archive,
 * so when another is made, archives unused for a week are deleted, and then the least recently used ones past 1 GiB
 * in all.
 *
 * <p>Workers that use an archive start from its {@link WorkerJar}, made with it, when their class path can be
 * written in a manifest; the length file then ends with {@code " jar"}, and an archive whose jar is gone is made again.
 *
 * <p>On JDK 25 and later the archive is an AOT cache (JEP 483, 514, 515) instead: made in one step with
 * {@code -XX:AOTCacheOutput} by the same training run, used with {@code -XX:AOTCache}; it holds the classes loaded
 * and linked, so a worker starts further along than with a dynamic archive, and the training's method profiles and
 * compilations, which workers leave (see {@link WorkerRuntime#startOptions()}).
 *
 * <p>No archive is used when the worker's {@code java} has no release file (its version is unknown), when the
 * JVM options already choose an archive or turn sharing off, or when the class path holds a non-empty directory,
 * which the JVM refuses to archive.
 */
final class WorkerArchive {

    /** Archives not used for this long are deleted when another is made: each rebuilt jar makes a new one. */
    private static final long UNUSED_MILLIS = TimeUnit.DAYS.toMillis(7);
    /** At most this much of archives and their jars in a directory: past it, the least recently used are deleted. */
    private static final long MAX_BYTES = 1L << 30;

    private final Path directory;
    private final WorkerOptions options;
    private final WorkerRuntime runtime;
    private final WorkerArchives known;

    /** The archive for workers started with {@code options}, in {@code directory}; {@code known} remembers tries. */
    WorkerArchive(Path directory, WorkerOptions options, WorkerArchives known) {
        this.directory = directory;
        this.options = options;
        this.runtime = WorkerRuntime.of(options.javaCommand()).orElse(null);
        this.known = known;
    }

    /** How a worker uses {@code archive}, as {@link #ensure()} gave it: the options that map it, and its jar. */
    WorkerArchives.Use use(Path archive) {
        List<String> out = new ArrayList<>(runtime.quietOptions());
        out.add(runtime.useOption(archive));
        out.addAll(runtime.startOptions());
        return new WorkerArchives.Use(out, hasJar(archive) ? WorkerJar.of(archive) : null);
    }

    /** The archive, made now if missing or damaged; null if none can be. */
    @SuppressWarnings("try") // the lock is held by the try block, never read
    Path ensure() {
        String key = key();
        if (key == null) {
            return null;
        }
        Path dir = usableDirectory();
        if (dir == null) {
            return null;
        }
        Path archive = dir.resolve("worker-" + key + runtime.suffix());
        if (isIntact(archive)) {
            markUsed(archive);
            return archive;
        }
        String id = archive.toString();
        if (known.failed.contains(id)) {
            return null;
        }
        // One lock per directory, between threads and then between processes: archives are made rarely.
        synchronized (known.lock(dir)) {
            try (FileChannel lockFile = FileChannel.open(dir.resolve("worker.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                if (isIntact(archive) || create(archive)) {
                    markUsed(archive);
                    deleteUnused(dir);
                    return archive;
                }
            } catch (IOException | RuntimeException e) {
                // fall through: workers start without an archive
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (Thread.currentThread().isInterrupted()) {
                return null; // an abandoned start's wait for the lock: the archive did not fail, a later start makes it
            }
            known.failed.add(id);
            return null;
        }
    }

    /**
     * What the archive depends on, hashed; null when no archive can be used with these options.
     */
    private String key() {
        if (runtime == null) {
            return null;
        }
        for (String o : options.jvmOptions()) {
            if (o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-XX:ArchiveClassesAtExit")
                    || o.equals("-Xshare:off") || o.startsWith("-XX:+AutoCreateSharedArchive")
                    || o.startsWith("-XX:AOTCache") || o.startsWith("-XX:AOTMode")) {
                return null;
            }
        }
        StringBuilder k = new StringBuilder();
        k.append(runtime.home()).append('\n').append(runtime.version()).append("\nentry: WorkerJar");
        for (String o : options.requiredJvmOptions()) {
            k.append('\n').append(o);
        }
        for (String o : options.jvmOptions()) {
            k.append('\n').append(o);
        }
        for (String entry : options.classPath().split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p) && !isEmptyDirectory(p)) {
                return null;
            }
            k.append('\n').append(p);
            try {
                k.append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                k.append(" missing");
            }
        }
        return HexFormat.of().formatHex(Secret.sha256(k.toString()), 0, 16);
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The directory, created if needed; else a private one under {@code java.io.tmpdir}; else null. */
    private Path usableDirectory() {
        try {
            Files.createDirectories(directory);
            if (Files.isWritable(directory)) {
                return directory;
            }
        } catch (IOException e) {
            // try the temporary directory
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "procbook-cds-" + System.getProperty("user.name"));
        try {
            if (!Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rwx------")));
            }
            // Archives are code the workers run: a directory others could write to, or own, is not used.
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(tmp, LinkOption.NOFOLLOW_LINKS);
            boolean mine = Files.getOwner(tmp, LinkOption.NOFOLLOW_LINKS).getName()
                    .equals(System.getProperty("user.name"));
            if (mine && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                return tmp;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no usable directory
        }
        return null;
    }

    /**
     * Whether {@code archive} exists with the length recorded beside it and the magic number of its kind, and with
     * its {@link WorkerJar} if it was made with one (the length file says so).
     */
    static boolean isIntact(Path archive) {
        String name = archive.getFileName().toString();
        try (InputStream in = Files.newInputStream(archive)) {
            byte[] head = in.readNBytes(4);
            int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
            String[] recorded = Files.readString(lengthFile(archive), StandardCharsets.US_ASCII).trim().split(" ");
            return (magic == WorkerRuntime.DYNAMIC_MAGIC && name.endsWith(".jsa")
                    || magic == WorkerRuntime.STATIC_MAGIC && name.endsWith(".aot"))
                    && Long.parseLong(recorded[0]) == Files.size(archive)
                    && (recorded.length == 1 || Files.isRegularFile(WorkerJar.of(archive)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the length file of {@code archive} says it was made for workers started from its jar. */
    private static boolean hasJar(Path archive) {
        try {
            return Files.readString(lengthFile(archive), StandardCharsets.US_ASCII).trim().endsWith(" jar");
        } catch (IOException e) {
            return false;
        }
    }

    /** Touches the length file, once per process: its time says when the archive was last used. */
    private void markUsed(Path archive) {
        if (known.used.add(archive)) {
            try {
                Files.setLastModifiedTime(lengthFile(archive), FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                // the archive may then be deleted early and made again: harmless
            }
        }
    }

    /**
     * Deletes the archives of {@code dir} unused for {@link #UNUSED_MILLIS}, then, least recently used first, those
     * past {@link #MAX_BYTES} in all.
     */
    private static void deleteUnused(Path dir) {
        record Made(Path length, long used) {
        }
        List<Made> made = new ArrayList<>();
        try (DirectoryStream<Path> lengths = Files.newDirectoryStream(dir, "worker-*.length")) {
            for (Path length : lengths) {
                made.add(new Made(length, Files.getLastModifiedTime(length).toMillis()));
            }
        } catch (IOException e) {
            return; // kept for another time
        }
        made.sort(Comparator.comparingLong(Made::used).reversed());
        long cutoff = System.currentTimeMillis() - UNUSED_MILLIS;
        long kept = 0;
        for (Made m : made) {
            Path archive = archiveOf(m.length());
            long size = sizeOrZero(archive) + sizeOrZero(WorkerJar.of(archive));
            if (m.used() < cutoff || kept + size > MAX_BYTES) {
                delete(archive, m.length());
            } else {
                kept += size;
            }
        }
    }

    private static Path archiveOf(Path length) {
        String name = length.getFileName().toString();
        return length.resolveSibling(name.substring(0, name.length() - ".length".length()));
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The archive first: a worker mapping it keeps its pages; a length without archive is ignored. */
    private static void delete(Path archive, Path length) {
        try {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(WorkerJar.of(archive));
            Files.deleteIfExists(length);
        } catch (IOException e) {
            // kept for another time
        }
    }

    private static Path lengthFile(Path archive) {
        return archive.resolveSibling(archive.getFileName() + ".length");
    }

    /** Trains, checks and publishes the archive; false if any step fails. */
    private boolean create(Path archive) throws IOException, InterruptedException {
        String unique = "." + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + ".tmp";
        Path tmp = archive.resolveSibling(archive.getFileName() + unique);
        Path tmpLength = lengthFile(archive).resolveSibling(lengthFile(archive).getFileName() + unique);
        try {
            // The jar first: the archive records the class path as the training JVM saw it, the jar's included.
            Path jar = WorkerJar.write(WorkerJar.of(archive), options.classPath()) ? WorkerJar.of(archive) : null;
            List<String> train = command(jar, runtime.trainOption(tmp));
            train.addAll(WorkerJar.entry(options, jar));
            train.add(WorkerTraining.ARGUMENT);
            // refuse to start if the archive cannot be mapped, rather than quietly running without it
            List<String> check = command(jar, runtime.useOption(tmp), runtime.requireOption());
            check.addAll(List.of("-cp", jar == null ? options.classPath() : jar.toString(), "-version"));
            if (!run(train) || !Files.isRegularFile(tmp) || !run(check)) {
                return false;
            }
            Files.writeString(tmpLength, Files.size(tmp) + (jar == null ? "" : " jar"), StandardCharsets.US_ASCII);
            Files.move(tmpLength, lengthFile(archive), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return isIntact(archive);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmpLength);
        }
    }

    /** A JVM's command up to its entry point, with the options workers run with: the archive is made for them. */
    private List<String> command(Path jar, String... archiveOptions) {
        List<String> archive = new ArrayList<>(runtime.quietOptions());
        archive.addAll(List.of(archiveOptions));
        return WorkerJar.jvm(options, archive, jar);
    }

    private boolean run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!p.waitFor(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return false;
            }
        } catch (InterruptedException e) {
            // the start that wanted the archive was abandoned: its training run goes with it
            p.destroyForcibly().onExit().join();
            throw e;
        }
        return p.exitValue() == 0;
    }
}
