package dev.procbook.kernel;

import dev.procbook.kernel.jshell.JShellEvaluator;
import dev.procbook.kernel.magic.ClasspathMagic;
import dev.procbook.kernel.magic.LoadMagic;
import dev.procbook.kernel.magic.LsmagicMagic;
import dev.procbook.kernel.magic.Magics;
import dev.procbook.kernel.magic.MemitMagic;
import dev.procbook.kernel.magic.MemprofileMagic;
import dev.procbook.kernel.magic.MprofMagic;
import dev.procbook.kernel.magic.SparkMagic;
import dev.procbook.kernel.magic.TimeMagic;
import dev.procbook.kernel.magic.TimeitMagic;
import dev.procbook.kernel.protocol.ProcbookConnection;
import dev.procbook.shm.AbandonedSegments;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the kernel: {@code java -jar procbook-kernel.jar CONNECTION_FILE}. A missing or malformed connection file
 * ends it at once with a message naming the file and the problem, and exit code 2.
 */
public final class ProcbookKernelMain {

    static final int BAD_CONNECTION_FILE = 2;

    private ProcbookKernelMain() {
    }

    public static void main(String[] args) {
        KernelConnectionProperties props;
        try {
            props = readConnectionFile(args);
        } catch (IllegalArgumentException e) {
            System.err.println("procbook-kernel: " + e.getMessage());
            System.exit(BAD_CONNECTION_FILE);
            return;
        }
        quietLibraryLogging();
        reclaimAbandonedSegments();
        ParentWatch.start(System.getenv("JPY_PARENT_PID"));
        HeapReserve reserve = HeapReserve.forHeap(Runtime.getRuntime().maxMemory());
        reserve.restore();
        KernelExit exit = new KernelExit(reserve::release);
        ProcbookKernel kernel = new ProcbookKernel(version(), builtInMagics(Notebook::display),
                new StartupCode(List.of(), List.of()), reserve, exit);
        ProcbookConnection connection = ProcbookConnection.create(props, kernel.loopGuard(),
                JShellEvaluator::onCellThread);
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        kernel.startEvaluator();
        connection.waitUntilClose();
        if (!connection.isClosed()) {
            exit.halt("the kernel's channels stopped without a shutdown request");
        }
        System.exit(0);
    }

    /**
     * Unlinks the shared-memory segments and frames of kernels and workers that died without unlinking them (a
     * kernel killed with kill -9, say), so /dev/shm does not fill up across restarts; a failure leaves them for
     * {@code ./procbook clean} and is said on the server's log.
     */
    private static void reclaimAbandonedSegments() {
        try {
            AbandonedSegments.reclaim();
        } catch (RuntimeException e) {
            Logger.getLogger(ProcbookKernelMain.class.getName()).warning("could not reclaim /dev/shm: " + e);
        }
    }

    /** jjava-jupyter logs every loop start and stop at INFO; the server's log wants only problems. */
    private static void quietLibraryLogging() {
        if (System.getenv("PROCBOOK_LOG") == null) {
            Logger.getLogger("").setLevel(Level.WARNING);
            for (Handler h : Logger.getLogger("").getHandlers()) {
                h.setLevel(Level.WARNING);
            }
        }
    }

    static Magics builtInMagics(Consumer<Object> display) {
        TimeMagic time = new TimeMagic();
        TimeitMagic timeit = new TimeitMagic();
        return new Magics()
                .line("time", time).cell("time", time)
                .line("timeit", timeit).cell("timeit", timeit)
                .line("classpath", new ClasspathMagic())
                .line("load", new LoadMagic())
                .line("lsmagic", new LsmagicMagic())
                .line("memit", new MemitMagic())
                .line("spark", new SparkMagic())
                .cell("memprofile", new MemprofileMagic())
                .cell("mprof", new MprofMagic(display));
    }

    /**
     * Reads and checks a Jupyter connection file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static KernelConnectionProperties readConnectionFile(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: procbook-kernel CONNECTION_FILE (got " + args.length
                    + " arguments)");
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("connection file not found: path=" + file.toAbsolutePath());
        }
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("connection file unreadable: path=" + file + ", cause=" + e);
        }
        KernelConnectionProperties props;
        try {
            props = KernelConnectionProperties.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("connection file is not valid JSON: path=" + file + ", cause="
                    + e.getMessage());
        }
        List<String> problems = problems(props);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("connection file is malformed: path=" + file + ", "
                    + String.join(", ", problems));
        }
        return props;
    }

    private static List<String> problems(KernelConnectionProperties props) {
        List<String> problems = new ArrayList<>();
        if (props == null) {
            problems.add("empty");
            return problems;
        }
        checkPort(problems, "shell_port", props.getShellPort());
        checkPort(problems, "iopub_port", props.getIopubPort());
        checkPort(problems, "stdin_port", props.getStdinPort());
        checkPort(problems, "control_port", props.getControlPort());
        checkPort(problems, "hb_port", props.getHbPort());
        if (props.getIp() == null || props.getIp().isBlank()) {
            problems.add("ip missing");
        }
        if (props.getTransport() == null || !(props.getTransport().equals("tcp")
                || props.getTransport().equals("ipc"))) {
            problems.add("transport must be tcp or ipc: transport=" + props.getTransport());
        }
        if (props.getKey() != null && !props.getKey().isEmpty() && (props.getSignatureScheme() == null
                || !props.getSignatureScheme().startsWith("hmac-"))) {
            problems.add("signature_scheme must be hmac-*: signature_scheme=" + props.getSignatureScheme());
        }
        return problems;
    }

    private static void checkPort(List<String> problems, String name, int port) {
        if (port < 1 || port > 65535) {
            problems.add(name + " missing or out of range: " + name + "=" + port);
        }
    }

    private static String version() {
        String v = ProcbookKernelMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
