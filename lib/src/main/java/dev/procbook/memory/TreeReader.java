package dev.procbook.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads one process tree and the memory of its processes again and again, keeping each process's {@code /proc} files
 * open from one read to the next: a process that stays in the tree costs one positional read each of {@code stat},
 * {@code cmdline}, {@code task/PID/children} and {@code smaps_rollup}, where opening them afresh cost about 25 system
 * calls, and its command line is decoded again only when its bytes change.
 *
 * <p>A process is tracked by its pid and its start time; its files are bound to it, so a reused pid is never mistaken
 * for it. The files of processes that have left the tree are closed at the end of the walk that no longer finds them,
 * and all of them by {@link #close()}, after which the reader may be used again and reopens what it needs.
 *
 * <p>Walks down from the root through {@code /proc/PID/task/TID/children}, reading only the tree's own files; the
 * threads of a process are listed only when it has more than one, and the {@code children} files of its other threads
 * are kept too, each until a listing no longer shows its thread. Where the kernel has no {@code children} files
 * (built without CONFIG_PROC_CHILDREN) it falls back to {@link ProcessTree#scanTree}, without keeping files. Not
 * thread-safe.
 */
final class TreeReader implements AutoCloseable {

    private final long rootPid;
    private final ProcPaths paths;
    private final ProcessMemoryReader memory;
    private final ProcBuffer buffer = new ProcBuffer();
    private final Map<Long, Tracked> tracked = new HashMap<>();
    private final List<Tracked> walk = new ArrayList<>();
    private long[] children = new long[16];
    private int childCount;
    private int generation;
    private Boolean childrenFiles;

    long rootPid() {
        return rootPid;
    }

    TreeReader(long rootPid, ProcPaths paths) {
        this.rootPid = rootPid;
        this.paths = paths;
        this.memory = new ProcessMemoryReader(paths);
    }

    /**
     * Lists the root and its living descendants now, root first, then breadth first in pid order.
     *
     * @throws ProcessExitedException if the root has exited
     */
    List<ProcessEntry> processes() {
        if (!walk()) {
            return ProcessTree.scanTree(paths, rootPid);
        }
        List<ProcessEntry> result = new ArrayList<>(walk.size());
        for (Tracked t : walk) {
            result.add(t.entry);
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
    TreeMemory measure() {
        List<MeasuredProcess> measured = new ArrayList<>();
        if (!walk()) {
            for (ProcessEntry e : ProcessTree.scanTree(paths, rootPid)) {
                if (e.state() != 'Z') {
                    try (ProcFile rollup = new ProcFile(e.pid(), paths.smapsRollup(e.pid()))) {
                        measured.add(new MeasuredProcess(e, memory.read(e.pid(), rollup, buffer)));
                    } catch (ProcessExitedException gone) {
                        if (e.pid() == rootPid) {
                            throw gone;
                        }
                    }
                }
            }
            return new TreeMemory(rootPid, measured);
        }
        for (Tracked t : walk) {
            if (t.entry.state() == 'Z') {
                continue;
            }
            try {
                measured.add(new MeasuredProcess(t.entry, memory.read(t.pid, t.rollup, buffer)));
            } catch (ProcessExitedException gone) {
                if (t.pid == rootPid) {
                    throw gone;
                }
            }
        }
        return new TreeMemory(rootPid, measured);
    }

    /** The buffer this reader reads into, for a caller on the same thread to read other files into. */
    ProcBuffer buffer() {
        return buffer;
    }

    /**
     * Fills {@link #walk} with the root and its living descendants; false if the kernel has no {@code children} files.
     */
    private boolean walk() {
        generation++;
        walk.clear();
        Tracked root = track(rootPid);
        if (root == null || root.fields.state == 'Z') {
            closeUnseen();
            throw new ProcessExitedException(rootPid);
        }
        if (childrenFiles == null) {
            childrenFiles = Files.exists(paths.children(rootPid, rootPid));
        }
        if (!childrenFiles) {
            closeUnseen();
            return false;
        }
        walk.add(root);
        for (int i = 0; i < walk.size(); i++) {
            Tracked t = walk.get(i);
            t.readCommand(buffer);
            readChildren(t);
            for (int c = 0; c < childCount; c++) {
                Tracked known = tracked.get(children[c]);
                if (known != null && known.seen == generation) {
                    continue; // listed twice, by two threads while it was reparented
                }
                Tracked child = track(children[c]);
                if (child != null) {
                    walk.add(child);
                }
            }
        }
        closeUnseen();
        return true;
    }

    /**
     * Reads the stat of {@code pid} through its kept file, or opens its files if it is new or its pid now names
     * another process; null if it has exited.
     */
    private Tracked track(long pid) {
        Tracked t = tracked.get(pid);
        if (t != null) {
            if (t.readStat(buffer) && t.fields.startTime == t.startTime) {
                t.seen = generation;
                return t;
            }
            tracked.remove(pid);
            t.close();
        }
        t = new Tracked(pid, paths);
        if (!t.readStat(buffer)) {
            t.close();
            return null;
        }
        t.startTime = t.fields.startTime;
        t.seen = generation;
        tracked.put(pid, t);
        return t;
    }

    /** Sets {@link #children} to the children of every thread of {@code t}, in pid order; none if it has exited. */
    private void readChildren(Tracked t) {
        childCount = 0;
        if (t.fields.threads == 1 && t.fields.state != 'Z' && t.fields.state != 'X') {
            // its only thread is the main one, so no need to list task/
            t.closeThreads(generation);
            addChildren(t.children);
        } else {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(t.taskDir)) {
                for (Path task : tasks) {
                    long tid = ProcNumbers.idOf(task);
                    if (tid < 0) {
                        continue;
                    }
                    addChildren(tid == t.pid ? t.children : t.threadChildren(tid, paths, generation));
                }
            } catch (NoSuchFileException gone) {
                childCount = 0;
                return;
            } catch (IOException e) {
                throw new UncheckedIOException("could not list: dir=" + t.taskDir, e);
            } finally {
                t.closeThreads(generation);
            }
        }
        Arrays.sort(children, 0, childCount);
    }

    /** Appends the pids of one {@code children} file, which lists them separated by spaces; none if it is gone. */
    private void addChildren(ProcFile file) {
        int n;
        try {
            n = file.read(buffer);
        } catch (ProcessExitedException threadGone) {
            return;
        }
        byte[] b = buffer.bytes();
        int p = 0;
        while (p < n) {
            if (ProcNumbers.isSpace(b[p])) {
                p++;
                continue;
            }
            int start = p;
            while (p < n && !ProcNumbers.isSpace(b[p])) {
                p++;
            }
            long pid = ProcNumbers.decimal(b, start, p);
            if (pid <= 0) {
                throw new ProcParseException(file.path().toString(), 1,
                        new String(b, 0, n, StandardCharsets.ISO_8859_1), "expected pids separated by spaces");
            }
            if (childCount == children.length) {
                children = Arrays.copyOf(children, childCount * 2);
            }
            children[childCount++] = pid;
        }
    }

    private void closeUnseen() {
        Iterator<Tracked> it = tracked.values().iterator();
        while (it.hasNext()) {
            Tracked t = it.next();
            if (t.seen != generation) {
                it.remove();
                t.close();
            }
        }
    }

    /** Closes every kept file; the reader may be used again. */
    @Override
    public void close() {
        for (Tracked t : tracked.values()) {
            t.close();
        }
        tracked.clear();
        walk.clear();
    }

    /** One process of the tree with its kept files and what was last read from them. */
    private static final class Tracked implements AutoCloseable {

        private static final byte[] NONE = new byte[0];

        final long pid;
        final ProcFile stat;
        final ProcFile cmdline;
        final ProcFile children;
        final ProcFile rollup;
        final Path taskDir;
        /** The children files of its other threads, by tid, kept while they are listed; null until it has any. */
        Map<Long, ThreadFile> threads;
        final ProcStat fields = new ProcStat();
        long startTime;
        int seen;
        /** The command name from the last stat read. */
        byte[] comm = NONE;
        /** The cmdline bytes and command name {@link #command} was made from. */
        byte[] commandArgs;
        byte[] commandComm;
        String command;
        ProcessEntry entry;

        Tracked(long pid, ProcPaths paths) {
            this.pid = pid;
            this.stat = new ProcFile(pid, paths.stat(pid));
            this.cmdline = new ProcFile(pid, paths.cmdline(pid));
            this.taskDir = paths.tasks(pid);
            this.children = new ProcFile(pid, paths.children(pid, pid));
            this.rollup = new ProcFile(pid, paths.smapsRollup(pid));
        }

        /** The kept children file of thread {@code tid}, listed in walk {@code generation}. */
        ProcFile threadChildren(long tid, ProcPaths paths, int generation) {
            if (threads == null) {
                threads = new HashMap<>();
            }
            ThreadFile f = threads.get(tid);
            if (f == null) {
                f = new ThreadFile(new ProcFile(pid, paths.children(pid, tid)));
                threads.put(tid, f);
            }
            f.seen = generation;
            return f.children;
        }

        /** Closes the children files of threads that walk {@code generation} did not list. */
        void closeThreads(int generation) {
            if (threads == null) {
                return;
            }
            Iterator<ThreadFile> it = threads.values().iterator();
            while (it.hasNext()) {
                ThreadFile f = it.next();
                if (f.seen != generation) {
                    it.remove();
                    f.children.close();
                }
            }
        }

        /** Reads and parses stat; false if the process has exited. */
        boolean readStat(ProcBuffer buffer) {
            int n;
            try {
                n = stat.read(buffer);
            } catch (ProcessExitedException e) {
                return false;
            }
            byte[] b = buffer.bytes();
            try {
                fields.parse(b, n);
            } catch (ProcParseException e) {
                throw e.inFile(stat.path());
            }
            if (!Arrays.equals(comm, 0, comm.length, b, fields.commStart, fields.commEnd)) {
                comm = Arrays.copyOfRange(b, fields.commStart, fields.commEnd);
            }
            return true;
        }

        /**
         * Reads cmdline and sets {@link #entry}; the command line of a process that exits meanwhile is its
         * {@code [comm]}. The bytes are read every time, since an {@code execve} or the process itself (as
         * setproctitle does) may change them, but decoded only when they have changed.
         */
        void readCommand(ProcBuffer buffer) {
            int n;
            try {
                n = cmdline.read(buffer);
            } catch (ProcessExitedException e) {
                n = 0;
            }
            byte[] b = buffer.bytes();
            if (command == null || commandComm != comm || !Arrays.equals(commandArgs, 0, commandArgs.length, b, 0, n)) {
                commandArgs = Arrays.copyOf(b, n);
                commandComm = comm;
                command = ProcessTree.command(b, n, comm);
            }
            ProcessEntry e = entry;
            if (e == null || e.ppid() != fields.ppid || e.state() != fields.state || !e.command().equals(command)) {
                entry = new ProcessEntry(pid, fields.ppid, fields.state, command);
            }
        }

        @Override
        public void close() {
            stat.close();
            cmdline.close();
            children.close();
            rollup.close();
            if (threads != null) {
                threads.values().forEach(f -> f.children.close());
                threads.clear();
            }
        }
    }

    /** The children file of one thread other than the main one, and the last walk that listed the thread. */
    private static final class ThreadFile {
        final ProcFile children;
        int seen;

        ThreadFile(ProcFile children) {
            this.children = children;
        }
    }
}
