package dev.procbook.memory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Every {@code /proc} path this package reads, under one configurable root so tests can point at a fake tree.
 *
 * <p>{@code ProcPaths.system()} is the real {@code /proc}; {@code ProcPaths.at(tempDir)} reads a copy.
 */
public final class ProcPaths {

    private static final ProcPaths SYSTEM = new ProcPaths(Path.of("/proc"));

    private final Path root;

    private ProcPaths(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** Returns the paths of the running system's {@code /proc}. */
    public static ProcPaths system() {
        return SYSTEM;
    }

    /** Returns paths under {@code root}, laid out like {@code /proc}. */
    public static ProcPaths at(Path root) {
        return new ProcPaths(root);
    }

    /** Returns the root directory, {@code /proc} for the running system. */
    public Path root() {
        return root;
    }

    /** Returns {@code /proc/PID}. */
    public Path process(long pid) {
        return root.resolve(Long.toString(pid));
    }

    /** Returns {@code /proc/PID/smaps_rollup}, present since Linux 4.14. */
    public Path smapsRollup(long pid) {
        return process(pid).resolve("smaps_rollup");
    }

    /** Returns {@code /proc/PID/smaps}, one block per mapping. */
    public Path smaps(long pid) {
        return process(pid).resolve("smaps");
    }

    /** Returns {@code /proc/PID/stat}, whose fourth field is the parent pid. */
    public Path stat(long pid) {
        return process(pid).resolve("stat");
    }

    /** Returns {@code /proc/PID/status}, which holds {@code VmRSS}. */
    public Path status(long pid) {
        return process(pid).resolve("status");
    }

    /** Returns {@code /proc/PID/cmdline}, the arguments separated by NUL bytes. */
    public Path cmdline(long pid) {
        return process(pid).resolve("cmdline");
    }

    /** Returns {@code /proc/PID/task}, one directory per thread of the process. */
    public Path tasks(long pid) {
        return process(pid).resolve("task");
    }

    /** Returns {@code /proc/PID/task/TID/children}: the children that thread {@code tid} of {@code pid} started. */
    public Path children(long pid, long tid) {
        return tasks(pid).resolve(Long.toString(tid)).resolve("children");
    }

    /** Returns {@code /proc/self/status}, the status of the process that reads it. */
    public Path selfStatus() {
        return root.resolve("self").resolve("status");
    }

    /** Returns {@code /proc/sys/kernel/yama/ptrace_scope}, present where the Yama security module is. */
    public Path yamaPtraceScope() {
        return root.resolve("sys").resolve("kernel").resolve("yama").resolve("ptrace_scope");
    }

    /** Returns {@code /proc/meminfo}. */
    public Path meminfo() {
        return root.resolve("meminfo");
    }

    /** Returns {@code /proc/self/limits}, the resource limits of the process that reads it. */
    public Path selfLimits() {
        return root.resolve("self").resolve("limits");
    }

    @Override
    public String toString() {
        return "ProcPaths[" + root + "]";
    }
}
