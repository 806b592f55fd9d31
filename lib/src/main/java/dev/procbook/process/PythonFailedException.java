package dev.procbook.process;

/** A Python program run by {@link PythonProcess} failed: exited with an error, early, or not at all. */
public final class PythonFailedException extends RuntimeException {

    private final long pid;
    private final Integer exitCode;
    private final String stderr;

    public PythonFailedException(String program, long pid, String what, Integer exitCode, String stderr) {
        super("python " + what + ": program=" + program + ", pid=" + pid + ", exitCode="
                + (exitCode == null ? "running" : exitCode)
                + (stderr.isBlank() ? "" : ", stderr=" + tail(stderr)));
        this.pid = pid;
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t;
    }

    /** The program's pid. */
    public long pid() {
        return pid;
    }

    /** Its exit code, or null if it had not exited. */
    public Integer exitCode() {
        return exitCode;
    }

    /** What it wrote to standard error. */
    public String stderr() {
        return stderr;
    }
}
