package dev.procbook.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A process and all its descendants, of any program, found by scanning the parent pid of every {@code /proc/PID/stat}.
 *
 * <p>The scan sees grandchildren whose parent thread has exited, which {@code /proc/PID/task/TID/children} misses.
 * {@code ProcessTree.current().measure().totalPss()} is the PSS of this JVM and everything it started.
 */
public final class ProcessTree {

    private final long rootPid;
    private final ProcPaths paths;
    private final ProcessMemoryReader reader;

    private ProcessTree(long rootPid, ProcPaths paths) {
        this.rootPid = rootPid;
        this.paths = Objects.requireNonNull(paths, "paths");
        this.reader = new ProcessMemoryReader(paths);
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
        return walkChildren().orElseGet(this::scanTree);
    }

    /**
     * Walks down from the root through {@code /proc/PID/task/TID/children}, reading only the tree's own files, which
     * costs in proportion to the tree rather than to every process on the machine. Empty when the kernel has no
     * {@code children} files (built without CONFIG_PROC_CHILDREN).
     */
    private Optional<List<ProcessEntry>> walkChildren() {
        ProcessEntry root = tryStat(paths, rootPid).orElseThrow(() -> new ProcessExitedException(rootPid));
        if (root.state() == 'Z') {
            throw new ProcessExitedException(rootPid);
        }
        if (!Files.exists(paths.process(rootPid).resolve("task").resolve(Long.toString(rootPid)).resolve("children"))) {
            return Optional.empty();
        }
        List<ProcessEntry> result = new ArrayList<>();
        Deque<ProcessEntry> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            ProcessEntry e = queue.removeFirst();
            result.add(withCommandLine(paths, e));
            for (long child : childrenOf(e.pid())) {
                tryStat(paths, child).ifPresent(queue::addLast);
            }
        }
        return Optional.of(result);
    }

    /** The children of every thread of {@code pid}, in pid order; none if it has exited. */
    private List<Long> childrenOf(long pid) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(paths.process(pid).resolve("task"))) {
            for (Path task : tasks) {
                String text;
                try {
                    text = ProcText.read(pid, task.resolve("children"));
                } catch (ProcessExitedException threadGone) {
                    continue;
                }
                for (String word : text.trim().split(" ")) {
                    if (!word.isEmpty()) {
                        children.add(Long.parseLong(word));
                    }
                }
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list: dir=" + paths.process(pid).resolve("task"), e);
        } catch (NumberFormatException e) {
            throw new ProcParseException("children", 1, e.getMessage(), "expected pids separated by spaces");
        }
        children.sort(Long::compare);
        return children;
    }

    private List<ProcessEntry> scanTree() {
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
     * Measures the root and every descendant; descendants that exit between listing and reading are left out.
     *
     * @throws ProcessExitedException if the root has exited
     * @throws ProcessAccessDeniedException if a process of the tree belongs to another user
     * @throws ProcParseException if the kernel's text does not have the expected shape
     */
    public TreeMemory measure() {
        List<MeasuredProcess> measured = new ArrayList<>();
        for (ProcessEntry e : processes()) {
            if (e.state() == 'Z') {
                continue;
            }
            Optional<ProcessMemory> m = reader.tryRead(e.pid());
            if (m.isPresent()) {
                measured.add(new MeasuredProcess(e, m.get()));
            } else if (e.pid() == rootPid) {
                throw new ProcessExitedException(rootPid);
            }
        }
        return new TreeMemory(rootPid, measured);
    }

    /**
     * Lists every process in {@code /proc} from its {@code stat} alone (the command is {@code [comm]}); processes that
     * exit during the scan are left out. Command lines are read afterwards for the tree's processes only.
     */
    static List<ProcessEntry> scan(ProcPaths paths) {
        List<ProcessEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(paths.root())) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    tryStat(paths, Long.parseLong(name)).ifPresent(entries::add);
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
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 1 || close < open || close + 4 >= stat.length()) {
            throw new ProcParseException("stat", 1, stat, "expected 'pid (comm) state ppid ...'");
        }
        try {
            long pid = Long.parseLong(stat.substring(0, open).strip());
            char state = stat.charAt(close + 2);
            int ppidStart = close + 4;
            int ppidEnd = stat.indexOf(' ', ppidStart);
            long ppid = Long.parseLong(stat.substring(ppidStart, ppidEnd < 0 ? stat.length() : ppidEnd).strip());
            return new ProcessEntry(pid, ppid, state, command(cmdline, stat.substring(open + 1, close)));
        } catch (NumberFormatException e) {
            throw new ProcParseException("stat", 1, stat, "expected 'pid (comm) state ppid ...'");
        }
    }

    private static String command(String cmdline, String comm) {
        int end = cmdline.length();
        while (end > 0 && cmdline.charAt(end - 1) == '\0') {
            end--;
        }
        return end == 0 ? "[" + comm + "]" : cmdline.substring(0, end).replace('\0', ' ');
    }
}
