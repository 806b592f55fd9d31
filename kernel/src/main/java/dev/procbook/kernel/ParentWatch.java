package dev.procbook.kernel;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * Ends the kernel when the process that started it (the Jupyter server, nbconvert, a console) is gone, as
 * ipykernel's parent poller does, so a front end that is killed leaves no kernel behind still running a cell.
 * The parent is {@code JPY_PARENT_PID} when Jupyter sets it, else this JVM's parent process.
 */
final class ParentWatch {

    private static final Logger LOG = Logger.getLogger(ParentWatch.class.getName());
    private static final long POLL_MILLIS = 1000;
    static final int PARENT_GONE = 3;
    private static final long HOOKS_MILLIS = 3000;

    private ParentWatch() {
    }

    /** Starts watching; returns the pid watched, or empty when there is no parent to watch. */
    static Optional<Long> start(String jpyParentPid) {
        Optional<ProcessHandle> parent = parent(jpyParentPid);
        parent.ifPresent(p -> {
            Thread t = new Thread(() -> watch(p), "procbook-parent-watch");
            t.setDaemon(true);
            t.start();
        });
        return parent.map(ProcessHandle::pid);
    }

    static Optional<ProcessHandle> parent(String jpyParentPid) {
        if (jpyParentPid != null && !jpyParentPid.isBlank()) {
            try {
                long pid = Long.parseLong(jpyParentPid.strip());
                if (pid > 1) {
                    return ProcessHandle.of(pid);
                }
            } catch (NumberFormatException e) {
                LOG.warning("JPY_PARENT_PID is not a pid, watching the parent process instead: " + jpyParentPid);
            }
        }
        return ProcessHandle.current().parent().filter(p -> p.pid() > 1);
    }

    /** Whether the parent lives; a full heap must not end the watch, so it then counts as alive until next time. */
    private static boolean stillAlive(ProcessHandle parent) {
        try {
            return parent.isAlive();
        } catch (OutOfMemoryError e) {
            return true;
        }
    }

    private static void watch(ProcessHandle parent) {
        while (stillAlive(parent)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
        LOG.warning("the kernel's parent exited, so the kernel exits too: parent=" + parent.pid());
        // exit() runs the shutdown hooks that remove the workers' socket directories; a cell that holds a lock
        // they need must not keep the kernel alive, so halt() follows if they take too long
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HOOKS_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(PARENT_GONE);
        }, "procbook-parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(PARENT_GONE);
    }
}
