package dev.procbook.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The java runtime a worker runs on, read from its installation's {@code release} file, and the kind of class-data
 * archive that runtime makes for workers: a dynamic AppCDS archive before JDK 25, an AOT cache (JEP 483, 514, 515)
 * from JDK 25 on. A JDK 25 worker gets its AOT cache from a JDK 17 kernel too.
 *
 * @param home    the runtime's installation directory
 * @param version its full version, {@code JAVA_RUNTIME_VERSION}
 * @param feature its feature release, 17 or 25
 */
record WorkerRuntime(Path home, String version, int feature) {

    static final int DYNAMIC_MAGIC = 0xf00baba8;
    static final int STATIC_MAGIC = 0xf00baba2;
    private static final Map<Path, Optional<WorkerRuntime>> KNOWN = new ConcurrentHashMap<>();

    /** The runtime of the {@code java} command {@code java}; empty when it has no readable release file. */
    static Optional<WorkerRuntime> of(Path java) {
        Path real;
        try {
            real = java.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        return KNOWN.computeIfAbsent(real, WorkerRuntime::read);
    }

    private static Optional<WorkerRuntime> read(Path java) {
        Path home = java.getParent() == null ? null : java.getParent().getParent();
        if (home == null) {
            return Optional.empty();
        }
        try {
            String version = null;
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_RUNTIME_VERSION=") || version == null && line.startsWith("JAVA_VERSION=")) {
                    version = line.substring(line.indexOf('=') + 1).replace("\"", "");
                }
            }
            if (version == null) {
                return Optional.empty();
            }
            return Optional.of(new WorkerRuntime(home, version, Runtime.Version.parse(version).feature()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether this runtime has {@code -XX:TrimNativeHeapInterval}: JDK 22, and updates 17.0.9 and 21.0.1 on. */
    boolean trimsNativeHeap() {
        int update;
        try {
            update = Runtime.Version.parse(version).update();
        } catch (IllegalArgumentException e) {
            return feature >= 22;
        }
        return feature >= 22 || feature == 21 && update >= 1 || feature == 17 && update >= 9;
    }

    /** Whether this runtime makes an AOT cache rather than a dynamic archive. */
    boolean aotCache() {
        return feature >= 25;
    }

    /** What keeps the JVM quiet about its archives; -Xshare is refused beside the AOT cache options. */
    List<String> quietOptions() {
        return aotCache() ? List.of("-Xlog:cds=off,aot=off") : List.of("-Xshare:auto", "-Xlog:cds=off,cds+dynamic=off");
    }

    /** The option that makes a training run write {@code archive}. */
    String trainOption(Path archive) {
        return (aotCache() ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
    }

    /** The option that makes a JVM map {@code archive}. */
    String useOption(Path archive) {
        return (aotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
    }

    /**
     * What a worker that maps its archive starts with besides {@link #useOption}. An AOT cache holds the training
     * run's method profiles and compilations (JEP 515), which the JVM compiles again as it starts. On this project's
     * two-core machine those compilations took the cores that two starting workers need: a cold {@code Pool(2)}
     * started some 20 ms sooner without them, and one worker 7 ms sooner. The classes still come loaded and linked
     * from the cache (JEP 483), and a worker's own hot code is compiled as in any JVM.
     */
    List<String> startOptions() {
        return aotCache() ? List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining") : List.of();
    }

    /** The option that makes a JVM refuse to start when it cannot map its archive. */
    String requireOption() {
        return aotCache() ? "-XX:AOTMode=on" : "-Xshare:on";
    }

    /** The file name ending of its archives. */
    String suffix() {
        return aotCache() ? ".aot" : ".jsa";
    }

    /** The magic number its archives start with. */
    int magic() {
        return aotCache() ? STATIC_MAGIC : DYNAMIC_MAGIC;
    }
}
