package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftovers.class)
@Timeout(120)
class WorkerArchiveIT {

    /** The library's classes as a jar: the JVM archives no class path that holds a non-empty directory. */
    @TempDir
    static Path jars;
    static Path libJar;

    @BeforeAll
    static void packLibrary() throws Exception {
        Path source = Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        libJar = Files.isDirectory(source) ? jar(source, jars.resolve("lib.jar")) : source;
    }

    private static WorkerOptions options(Path archives) {
        return WorkerOptions.defaults().withClassPath(libJar.toString()).withArchiveDirectory(archives);
    }

    @Test
    void archiveIsCreatedOnceThenReusedByWorkers(@TempDir Path archives) throws Exception {
        WorkerOptions options = options(archives);
        Path archive = new WorkerArchives().ensure(archives, options);
        assertNotNull(archive);
        Object identity = Files.readAttributes(archive, "unix:ino").get("ino");
        assertEquals(archive, new WorkerArchives().ensure(archives, options));
        assertEquals(identity, Files.readAttributes(archive, "unix:ino").get("ino"), "archive was made again");
        String name = archive.getFileName().toString();
        String jar = WorkerJar.of(archive).getFileName().toString();
        try (Worker w = Worker.start(options)) {
            assertTrue(w.call(() -> Files.readString(Path.of("/proc/self/maps")).contains(name)),
                    "worker did not map " + name);
            assertEquals(WorkerJar.of(archive).toString(), w.call(() -> System.getProperty("java.class.path")));
        }
        assertEquals(sorted(name, name + ".length", jar), archiveFiles(archives));
    }

    /**
     * A start interrupted while the archive's training run goes on (a notebook's first pool, interrupted) stops that
     * run with it, and leaves the archive to the next start rather than marking it failed for the session.
     */
    @Test
    void anInterruptedStartStopsTheArchiveTrainingRunAndTheNextStartMakesTheArchive(@TempDir Path archives)
            throws Exception {
        WorkerOptions options = options(archives);
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try (Worker w = Worker.start(options)) {
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        }, "test-interrupted-first-start");
        caller.start();
        dev.procbook.testing.Await.until("the training run to start",
                () -> NoLeftovers.children().stream().anyMatch(p -> p.info().commandLine().orElse("")
                        .contains("ArchiveClassesAtExit") || p.info().commandLine().orElse("").contains("AOTMode")));
        caller.interrupt();
        Throwable thrown = outcome.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(thrown instanceof dev.procbook.process.wire.WaitInterruptedException, String.valueOf(thrown));
        assertEquals(List.of(), NoLeftovers.children(), "processes when the start returned");
        try (Worker w = Worker.start(options)) {
            assertTrue(w.call(() -> Files.readString(Path.of("/proc/self/maps")).contains("worker-")),
                    "the next worker did not map an archive");
        }
    }

    /**
     * A worker started from its jar has what {@code -cp} and {@code --add-opens} gave it: the classes of the class
     * path (a library class decodes its task), {@code java.nio} opened (Arrow reads a buffer's address), and
     * the JVM option alone is gone from its command line, which kept the JVM from mapping the JDK's module graph.
     */
    @Test
    void aWorkerStartedFromItsJarHasItsClassPathAndJavaNioOpened(@TempDir Path archives) throws Exception {
        WorkerOptions options = options(archives);
        List<String> cmd = ProcessServices.get().launcher.command(options);
        assertTrue(cmd.contains("-jar") && !cmd.contains(WorkerJar.OPENS_OPTION), cmd.toString());
        try (Worker w = Worker.start(options)) {
            assertEquals(WorkerMain.class.getName(), w.call(() -> Class.forName(
                    "dev.procbook.process.WorkerMain", false, ClassLoader.getSystemClassLoader()).getName()));
            assertEquals(Boolean.TRUE, w.call(() -> java.nio.Buffer.class.getDeclaredField("address")
                    .trySetAccessible()));
        }
    }

    @Test
    void aClassPathThatIsNotPlainStartsWithTheOptionInstead(@TempDir Path archives, @TempDir Path other)
            throws Exception {
        Path spaced = Files.copy(libJar, Files.createDirectories(other.resolve("a dir")).resolve("lib.jar"));
        WorkerOptions options = options(archives).withClassPath(spaced.toString());
        Path archive = new WorkerArchives().ensure(archives, options);
        assertNotNull(archive);
        assertTrue(!Files.exists(WorkerJar.of(archive)));
        List<String> cmd = ProcessServices.get().launcher.command(options);
        assertTrue(cmd.contains(WorkerJar.OPENS_OPTION) && cmd.contains(spaced.toString()), cmd.toString());
        String mapped = archive.toString();
        try (Worker w = Worker.start(options)) {
            assertTrue(w.call(() -> Files.readString(Path.of("/proc/self/maps")).contains(mapped)));
            assertEquals(Boolean.TRUE, w.call(() -> java.nio.Buffer.class.getDeclaredField("address")
                    .trySetAccessible()));
        }
    }

    @Test
    void anArchiveWhoseJarIsGoneIsMadeAgain(@TempDir Path archives) throws Exception {
        WorkerOptions options = options(archives);
        Path archive = new WorkerArchives().ensure(archives, options);
        Files.delete(WorkerJar.of(archive));
        assertTrue(!WorkerArchive.isIntact(archive));
        assertEquals(archive, new WorkerArchives().ensure(archives, options));
        assertTrue(Files.isRegularFile(WorkerJar.of(archive)));
    }

    @Test
    void aJdk25WorkerGetsAnAotCacheFromAKernelOfAnyJdk(@TempDir Path archives) throws Exception {
        WorkerOptions options = jdk25(archives);
        Path archive = new WorkerArchives().ensure(archives, options);
        assertNotNull(archive);
        String name = archive.getFileName().toString();
        assertTrue(name.endsWith(".aot"), name);
        try (Worker w = Worker.start(options)) {
            assertEquals(25, w.call(() -> Runtime.version().feature()));
            assertTrue(w.call(() -> Files.readString(Path.of("/proc/self/maps")).contains(name)),
                    "worker did not map " + name);
        }
    }

    /** Options for workers on the JDK 25 beside this one ({@code PROCBOOK_JDK25}); the test is skipped without it. */
    private static WorkerOptions jdk25(Path archives) {
        Path java25 = Path.of(System.getenv().getOrDefault("PROCBOOK_JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64"),
                "bin", "java");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java25), "no JDK 25 at " + java25);
        return new WorkerOptions(java25, WorkerOptions.defaults().jvmOptions(), libJar.toString(),
                Duration.ofSeconds(60), Duration.ofSeconds(2), archives);
    }

    /**
     * A JDK 25 worker maps its AOT cache but does not replay the training run's compilations (JEP 515) as it starts:
     * on two cores those compilations took the cores the start needs, some 20 ms of a cold {@code Pool(2)}.
     */
    @Test
    void aJdk25WorkerDoesNotReplayTheTrainingRunsCompilations(@TempDir Path archives) throws Exception {
        WorkerOptions options = jdk25(archives);
        try (Worker w = Worker.start(options)) {
            assertEquals("false", w.call(() -> java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("AOTReplayTraining").getValue()));
            assertTrue(w.call(() -> Files.readString(Path.of("/proc/self/maps")).contains(".aot")),
                    "worker did not map its AOT cache");
        }
    }

    @Test
    void parallelStartsMakeOneArchive(@TempDir Path archives) throws Exception {
        WorkerOptions options = options(archives);
        WorkerArchives known = new WorkerArchives(); // one process's: its threads share a lock per directory
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Path>> made = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                made.add(pool.submit((Callable<Path>) () -> known.ensure(archives, options)));
            }
            Path first = made.get(0).get();
            assertNotNull(first);
            for (Future<Path> f : made) {
                assertEquals(first, f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(3, archiveFiles(archives).size(), "leftovers: " + archiveFiles(archives));
    }

    @Test
    void garbageOrTruncatedArchiveIsMadeAgain(@TempDir Path archives) throws Exception {
        WorkerOptions options = options(archives);
        Path archive = new WorkerArchives().ensure(archives, options);
        byte[] good = Files.readAllBytes(archive);
        archive.toFile().setWritable(true);

        Files.write(archive, new byte[good.length]);
        assertTrue(!WorkerArchive.isIntact(archive));
        assertEquals(archive, new WorkerArchives().ensure(archives, options));
        assertTrue(WorkerArchive.isIntact(archive));

        archive.toFile().setWritable(true);
        Files.write(archive, java.util.Arrays.copyOf(good, good.length / 2));
        assertTrue(!WorkerArchive.isIntact(archive));
        assertEquals(archive, new WorkerArchives().ensure(archives, options));
        // made again from a new training run: intact, though not byte for byte the same (which classes the
        // training loads depends on timing)
        assertTrue(WorkerArchive.isIntact(archive));
        assertTrue(Files.size(archive) > good.length / 2 + 1, "size " + Files.size(archive) + " vs " + good.length);
    }

    @Test
    void foreignArchiveIsIgnoredSilentlyByTheJvm(@TempDir Path archives, @TempDir Path other) throws Exception {
        Path extra = jar(Files.createDirectories(other.resolve("classes")), other.resolve("extra.jar"));
        WorkerOptions foreignOptions = options(archives).withClassPath(libJar + File.pathSeparator + extra);
        Path foreign = new WorkerArchives().ensure(other, foreignOptions);
        WorkerOptions options = options(archives);
        Path archive = new WorkerArchives().ensure(archives, options);
        assertNotEquals(foreign.getFileName(), archive.getFileName());
        archive.toFile().setWritable(true);
        Files.copy(foreign, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(archive.resolveSibling(archive.getFileName() + ".length"),
                Long.toString(Files.size(archive)));

        List<String> cmd = ProcessServices.get().launcher.command(options);
        // -XX:SharedArchiveFile on JDK 17, -XX:AOTCache on JDK 25: whichever the worker's JDK uses
        String use = WorkerRuntime.of(options.javaCommand()).orElseThrow().useOption(archive);
        assertTrue(cmd.contains(use), cmd.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        assertEquals("", output);
    }

    @Test
    void directoryOnTheClassPathSkipsTheArchive(@TempDir Path archives, @TempDir Path classes) throws Exception {
        Files.writeString(classes.resolve("Some.class"), "not really");
        WorkerOptions options = options(archives).withClassPath(libJar + File.pathSeparator + classes);
        assertNull(new WorkerArchives().ensure(archives, options));
        assertEquals(WorkerArchives.Use.NONE, new WorkerArchives().use(options));
        assertEquals(List.of(), archiveFiles(archives));
        try (Worker w = Worker.start(options)) {
            assertEquals(42, w.call(() -> 42));
        }
    }

    @Test
    void archivesUnusedForAWeekAreDeletedWhenAnotherIsMade(@TempDir Path archives) throws Exception {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(8)));
        FileTime recent = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        for (String name : List.of("worker-old", "worker-recent")) {
            Files.writeString(archives.resolve(name + ".jsa"), "stale");
            Files.writeString(archives.resolve(name + ".jsa.length"), "5");
        }
        Files.setLastModifiedTime(archives.resolve("worker-old.jsa.length"), old);
        Files.setLastModifiedTime(archives.resolve("worker-recent.jsa.length"), recent);
        for (String name : List.of("worker-old", "worker-recent")) {
            Files.writeString(archives.resolve(name + ".jar"), "stale");
        }
        Path made = new WorkerArchives().ensure(archives, options(archives));
        String name = made.getFileName().toString();
        assertEquals(sorted(name, name + ".length", WorkerJar.of(made).getFileName().toString(), "worker-recent.jar",
                "worker-recent.jsa", "worker-recent.jsa.length"), archiveFiles(archives));
    }

    /**
     * A directory holds at most 1 GiB of archives: past that, the least recently used go when another is made, however
     * recent. A developer's rebuilds made 2.5 GiB of them in this project's cache in a day and a half.
     */
    @Test
    void theLeastRecentlyUsedArchivesGoWhenTheDirectoryHoldsMoreThanAGibibyte(@TempDir Path archives)
            throws Exception {
        for (String name : List.of("worker-older", "worker-newer")) {
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(archives.resolve(name + ".aot").toFile(),
                    "rw")) {
                f.setLength(600L << 20); // sparse: its size counts, not its blocks
            }
            Files.writeString(archives.resolve(name + ".aot.length"), Long.toString(600L << 20));
        }
        Files.setLastModifiedTime(archives.resolve("worker-older.aot.length"),
                FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(archives.resolve("worker-newer.aot.length"),
                FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path made = new WorkerArchives().ensure(archives, options(archives));
        String name = made.getFileName().toString();
        assertEquals(sorted(name, name + ".length", WorkerJar.of(made).getFileName().toString(), "worker-newer.aot",
                "worker-newer.aot.length"), archiveFiles(archives));
    }

    @Test
    void withoutArchiveAddsNoOptions(@TempDir Path archives) throws IOException {
        WorkerOptions options = options(archives).withoutArchive();
        assertNull(options.archiveDirectory());
        assertEquals(WorkerArchives.Use.NONE, new WorkerArchives().use(options));
        assertEquals(List.of(), archiveFiles(archives));
    }

    private static List<String> sorted(String... names) {
        return java.util.Arrays.stream(names).sorted().toList();
    }

    private static List<String> archiveFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")).sorted().toList();
        }
    }

    private static Path jar(Path classes, Path target) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return target;
    }
}
