package dev.procbook.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Python program run as a child of this process, talked to line by line: what a notebook cell would otherwise do
 * with a {@code ProcessBuilder}, a reader and a parser. Its standard error is kept, not shown, and reported if it
 * fails; as a child it belongs to this process's tree, so a {@link dev.procbook.memory.MemorySampler} measures it.
 *
 * <pre>{@code
 * try (PythonProcess py = PythonProcess.start("import sys; print(sum(map(int, sys.argv[1:])))", "1", "2")) {
 *     String three = py.readLine();
 * }
 * }</pre>
 *
 * <p>The interpreter is {@code -Dprocbook.python}, else {@code $PROCBOOK_PYTHON}, else {@code /usr/bin/python3},
 * Debian's, which has numpy.
 */
public final class PythonProcess implements AutoCloseable {

    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final String description;
    private final BufferedReader out;
    private final CompletableFuture<String> errors;
    private final List<String> lines = new ArrayList<>();

    private PythonProcess(Process process, String description) {
        this.process = process;
        this.description = description;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.errors = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, r -> {
            Thread t = new Thread(r, "procbook-python-" + process.pid() + "-err");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The interpreter: {@code -Dprocbook.python}, else {@code $PROCBOOK_PYTHON}, else {@code /usr/bin/python3}. */
    public static Path interpreter() {
        String property = System.getProperty("procbook.python");
        String env = System.getenv("PROCBOOK_PYTHON");
        return Path.of(property != null ? property : env != null && !env.isBlank() ? env : "/usr/bin/python3");
    }

    /**
     * Starts {@code python3 -c code args...}, unbuffered.
     *
     * @throws UncheckedIOException if the interpreter cannot be run
     */
    public static PythonProcess start(String code, String... args) {
        List<String> cmd = new ArrayList<>(List.of(interpreter().toString(), "-u", "-c", code));
        cmd.addAll(List.of(args));
        String first = code.strip().lines().findFirst().orElse("");
        return run(cmd, "python3 -c " + (first.length() > 60 ? first.substring(0, 60) + "..." : first));
    }

    /**
     * Starts {@code python3 script args...}, unbuffered.
     *
     * @throws UncheckedIOException if the interpreter cannot be run
     */
    public static PythonProcess startScript(Path script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(interpreter().toString(), "-u", script.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, "python3 " + script.getFileName());
    }

    private static PythonProcess run(List<String> cmd, String description) {
        try {
            return new PythonProcess(new ProcessBuilder(cmd).start(), description);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run python: command=" + cmd.get(0), e);
        }
    }

    /** The child's pid. */
    public long pid() {
        return process.pid();
    }

    /**
     * The next line the program prints.
     *
     * @throws PythonFailedException if it exits first, with its exit code and standard error
     */
    public String readLine() {
        try {
            String line = out.readLine();
            if (line == null) {
                throw failure("exited before printing a line");
            }
            lines.add(line);
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read from python: pid=" + pid(), e);
        }
    }

    /**
     * Reads lines until one starts with {@code prefix} and returns it; the others are kept in {@link #lines()}.
     *
     * @throws PythonFailedException if the program exits first
     */
    public String expect(String prefix) {
        while (true) {
            String line = readLine();
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * Sends one line to the program's standard input.
     *
     * @throws PythonFailedException if the program has exited
     */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw failure("stopped reading its input");
        }
    }

    /**
     * Closes its standard input, reads the rest of its output and waits for it to exit; returns every line it printed.
     *
     * @throws PythonFailedException if it exits with a code other than 0, or does not exit within two minutes
     */
    public List<String> finish() {
        return finish(LINE_TIMEOUT);
    }

    /**
     * As {@link #finish()}, waiting at most {@code timeout} for the program to exit.
     *
     * @throws PythonFailedException if it exits with a code other than 0, or does not exit within {@code timeout}
     */
    public List<String> finish(Duration timeout) {
        try {
            process.getOutputStream().close();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw failure("did not exit within " + timeout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read from python: pid=" + pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw failure("interrupted");
        }
        if (process.exitValue() != 0) {
            throw failure("failed");
        }
        return List.copyOf(lines);
    }

    /** Every line read so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** What it wrote to standard error, once it has exited; waits up to a second for the stream to end. */
    public String errors() {
        try {
            return errors.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    private PythonFailedException failure(String what) {
        Integer code = null;
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                code = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new PythonFailedException(description, pid(), what, code, code == null ? "" : errors());
    }

    /** Kills the program if it still runs and waits for it; idempotent. */
    @Override
    public void close() {
        try { // from the first bytecode: a stop (JDK 17 stops a notebook cell with Thread.stop) may land on any
            process.destroyForcibly(); // a process that has exited is left as it is
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            process.destroyForcibly(); // a stop that came before the kill
            throw t;
        }
    }
}
