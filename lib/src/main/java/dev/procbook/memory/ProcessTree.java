package dev.procbook.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A process and all its descendants, of any program, found by walking down from the root through
 * {@code /proc/PID/task/TID/children} (or, where the kernel has no such files, by scanning the parent pid of every
 * {@code /proc/PID/stat}).
 *
 * <p>{@code ProcessTree.current().measure().totalPss()} is the PSS of this JVM and everything it started.
 *
 * <p>To make repeated measuring cheap, a tree keeps the {@code /proc} files of its processes open between calls of
 * {@link #measure()} and {@link #processes()} (four per process), so a process that stays costs one read of each
 * instead of opening, reading and closing them. The files of a process are closed by the first call that no longer
 * finds it in the tree, and all of them by {@link #close()}; the tree stays usable after {@code close()} and reopens
 * what it needs. An open file stays bound to the process it was opened for, so a reused pid is never mistaken for it.
 * A tree that is dropped without {@code close()} has its files closed when it is garbage collected. Safe for use by
 * several threads; a call made while another is in progress reads without kept files rather than wait.
 */
public final class ProcessTree implements AutoCloseable {

    private final long rootPid;
    private final ProcPaths paths;
    private final ReentrantLock lock = new ReentrantLock();
    private TreeReader kept;

    private ProcessTree(long rootPid, ProcPaths paths) {
        this.rootPid = rootPid;
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    /** Returns the tree rooted at this JVM. */
    public static ProcessTree current() {
        return of(ProcessHandle.current().pid());
    }

    /** Returns the tree rooted at {@code pid} in the running system's {@code /proc}. */
    public static ProcessTree of(long pid) {
        return new ProcessTree(pid, ProcPaths.system());
    }

    /** Returns the tree rooted at {@code pid} in the {@code /proc} tree at {@code paths}. */
    public static ProcessTree of(long pid, ProcPaths paths) {
        return new ProcessTree(pid, paths);
    }

    /** Returns the root pid. */
    public long rootPid() {
        return rootPid;
    }

    /**
     * Lists the root and its living descendants now, root first, then breadth first in pid order.
     *
     * @throws ProcessExitedException if the root has exited
     * @throws UncheckedIOException if {@code /proc} cannot be listed
     */
    public List<ProcessEntry> processes() {
        return withReader(TreeReader::processes);
    }

    /**
     * Measures the root and every descendant; descendants that exit between listing and reading are left out.
     *
     * @throws ProcessExitedException if the root has exited
     * @throws ProcessAccessDeniedException if a process of the tree belongs to another user
     * @throws ProcParseException if the kernel's text does not have the expected shape
     */
    public TreeMemory measure() {
        return withReader(TreeReader::measure);
    }

    /**
     * Closes the {@code /proc} files this tree keeps open between calls; idempotent. The tree stays usable: a later
     * call opens the files it needs again.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (kept != null) {
                kept.close();
                kept = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private <T> T withReader(Function<TreeReader, T> call) {
        if (lock.tryLock()) {
            try {
                if (kept == null) {
                    kept = newReader();
                }
                return call.apply(kept);
            } finally {
                lock.unlock();
            }
        }
        try (TreeReader once = newReader()) {
            return call.apply(once);
        }
    }

    /** A reader of this tree with files of its own, for a caller that owns it (the sampler) and closes it. */
    TreeReader newReader() {
        return new TreeReader(rootPid, paths);
    }

    /** The tree by scanning every process's parent pid, for kernels without {@code children} files. */
    static List<ProcessEntry> scanTree(ProcPaths paths, long rootPid) {
        Map<Long, List<ProcessEntry>> byParent = new HashMap<>();
        ProcessEntry root = null;
        for (ProcessEntry e : scan(paths)) {
            byParent.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e);
            if (e.pid() == rootPid) {
                root = e;
            }
        }
        if (root == null || root.state() == 'Z') {
            throw new ProcessExitedException(rootPid);
        }
        List<ProcessEntry> result = new ArrayList<>();
        Deque<ProcessEntry> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            ProcessEntry e = queue.removeFirst();
            result.add(withCommandLine(paths, e));
            List<ProcessEntry> children = byParent.remove(e.pid());
            if (children != null) {
                children.sort((a, b) -> Long.compare(a.pid(), b.pid()));
                queue.addAll(children);
            }
        }
        return result;
    }

    /**
     * Lists every process in {@code /proc} from its {@code stat} alone (the command is {@code [comm]}); processes that
     * exit during the scan are left out. Command lines are read afterwards for the tree's processes only.
     */
    static List<ProcessEntry> scan(ProcPaths paths) {
        List<ProcessEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(paths.root())) {
            for (Path p : dir) {
                long pid = ProcNumbers.idOf(p);
                if (pid > 0) {
                    tryStat(paths, pid).ifPresent(entries::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list: dir=" + paths.root(), e);
        }
        return entries;
    }

    private static Optional<ProcessEntry> tryStat(ProcPaths paths, long pid) {
        try {
            return Optional.of(parseStat(ProcText.read(pid, paths.stat(pid)), ""));
        } catch (ProcessExitedException e) {
            return Optional.empty();
        } catch (ProcParseException e) {
            throw e.inFile(paths.stat(pid));
        }
    }

    /** The entry with its full command line, or as it is if the process exited before it could be read. */
    private static ProcessEntry withCommandLine(ProcPaths paths, ProcessEntry e) {
        try {
            String cmdline = ProcText.read(e.pid(), paths.cmdline(e.pid()), StandardCharsets.UTF_8);
            String comm = e.command().substring(1, e.command().length() - 1);
            return new ProcessEntry(e.pid(), e.ppid(), e.state(), command(cmdline, comm));
        } catch (ProcessExitedException gone) {
            return e;
        }
    }

    /** Reads the entry of {@code pid}, or returns empty if it has exited. */
    static Optional<ProcessEntry> tryEntry(ProcPaths paths, long pid) {
        try {
            String stat = ProcText.read(pid, paths.stat(pid));
            String cmdline = ProcText.read(pid, paths.cmdline(pid), StandardCharsets.UTF_8);
            return Optional.of(parseStat(stat, cmdline));
        } catch (ProcessExitedException e) {
            return Optional.empty();
        } catch (ProcParseException e) {
            throw e.inFile(paths.stat(pid));
        }
    }

    /**
     * Parses {@code /proc/PID/stat} and the NUL-separated {@code cmdline}; the command name may hold spaces and
     * parentheses, so it ends at the last {@code ')'}.
     *
     * @throws ProcParseException if the text does not have the expected shape
     */
    static ProcessEntry parseStat(String stat, String cmdline) {
        byte[] text = stat.getBytes(StandardCharsets.ISO_8859_1);
        ProcStat s = new ProcStat();
        s.parse(text, text.length);
        String comm = new String(text, s.commStart, s.commEnd - s.commStart, StandardCharsets.ISO_8859_1);
        return new ProcessEntry(s.pid, s.ppid, s.state, command(cmdline, comm));
    }

    private static String command(String cmdline, String comm) {
        int end = cmdline.length();
        while (end > 0 && cmdline.charAt(end - 1) == '\0') {
            end--;
        }
        return end == 0 ? "[" + comm + "]" : cmdline.substring(0, end).replace('\0', ' ');
    }

    /**
     * The command line from the first {@code length} bytes of {@code cmdline} (UTF-8 arguments, each ended by a NUL)
     * with its arguments joined by spaces, or {@code [comm]} when it is empty, as for a zombie or a kernel thread.
     */
    static String command(byte[] cmdline, int length, byte[] comm) {
        int end = length;
        while (end > 0 && cmdline[end - 1] == 0) {
            end--;
        }
        if (end == 0) {
            return "[" + new String(comm, StandardCharsets.ISO_8859_1) + "]";
        }
        byte[] args = Arrays.copyOf(cmdline, end);
        for (int i = 0; i < end; i++) {
            if (args[i] == 0) {
                args[i] = ' ';
            }
        }
        return new String(args, StandardCharsets.UTF_8);
    }
}
