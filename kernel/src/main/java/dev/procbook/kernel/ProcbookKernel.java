package dev.procbook.kernel;

import dev.procbook.kernel.display.BoundedTextRenderer;
import dev.procbook.kernel.display.Displays;
import dev.procbook.kernel.display.ProgressDisplay;
import dev.procbook.kernel.display.Renderers;
import dev.procbook.kernel.jshell.CellFailedException;
import dev.procbook.kernel.jshell.ExitGuard;
import dev.procbook.kernel.jshell.JShellEvaluator;
import dev.procbook.kernel.jshell.Value;
import dev.procbook.kernel.magic.CellRunner;
import dev.procbook.kernel.magic.Magics;
import dev.procbook.kernel.protocol.LoopGuard;
import dev.procbook.kernel.protocol.PayloadExecuteReply;
import dev.procbook.kernel.protocol.SessionHistory;
import dev.procbook.kernel.protocol.StatusHistoryReply;
import dev.procbook.kernel.protocol.StatusKernelInfoReply;
import dev.procbook.progress.Progress;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Procbook kernel: executes cells with {@link JShellEvaluator} inside this JVM, runs magics first, renders
 * values, and answers the rest of the Jupyter shell protocol (completion, inspection, history, interrupts, stdin).
 */
public final class ProcbookKernel extends BaseKernel implements Displays {


    private final CompletableFuture<JShellEvaluator> evaluator = new CompletableFuture<>();
    private final AtomicBoolean evaluatorStarted = new AtomicBoolean();
    private final Magics magics;
    private final SessionHistory history;
    private final KernelIO kernelIO;
    private final CellStdin stdin;
    private final Analysis analysis;
    private final StartupCode startup;
    private final List<Map<String, Object>> payloads = new ArrayList<>();
    private final CellOutput output;
    private final HeapExhaustion heap;
    private final LoopGuard loopGuard;
    private volatile boolean stdinAllowed;
    /** An interrupt of the request being executed, kept for the evaluator if it is still starting. */
    private volatile boolean interruptPending;

    /**
     * @param reserve memory let go when the heap runs out, so that the kernel can report it and go on
     * @param exit    ends the kernel, saying why, when it cannot go on
     */
    ProcbookKernel(String version, Magics magics, StartupCode startup, HeapReserve reserve, KernelExit exit) {
        this(version, magics, startup, reserve, exit, new SessionHistory(), new KernelIO());
    }

    private ProcbookKernel(String version, Magics magics, StartupCode startup, HeapReserve reserve, KernelExit exit,
                           SessionHistory history, KernelIO io) {
        super("procbook", version, languageInfo(), helpLinks(), history, io, new CommManager(),
                new BoundedTextRenderer(), null, null, false, errorStyler());
        this.heap = new HeapExhaustion(reserve, exit, this::stopCellOutOfMemory);
        this.loopGuard = new LoopGuard(heap, exit);
        this.output = new CellOutput(loopGuard);
        this.magics = magics;
        this.history = history;
        this.kernelIO = io;
        this.stdin = new CellStdin(prompt -> stdinAllowed ? readLine(prompt, false) : null, output::err);
        output.start();
        Renderers.registerAll(renderer);
        this.analysis = new Analysis(this::evaluator, magics);
        this.startup = startup;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private static List<HelpLink> helpLinks() {
        return List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/"));
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG)
                .addHighlightStyle(TextColor.BOLD_RESET_FG)
                .addHighlightStyle(TextColor.RED_BG)
                .build();
    }

    /** The kernel serving the current notebook. */
    static ProcbookKernel current() {
        return (ProcbookKernel) notebookKernel();
    }

    /** Runs the loops of the kernel's channels so that they outlive a full heap. */
    LoopGuard loopGuard() {
        return loopGuard;
    }

    private void stopCellOutOfMemory() {
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().stopOutOfMemory();
        }
    }

    /**
     * Starts JShell and the compiler's warm-up on a thread of their own, once. The kernel's main calls it when the
     * channels are bound, so that the kernel's own start has the cores to itself (measured: neither the first
     * {@code kernel_info_reply} nor a first cell sent at start came later for it). A request that needs the
     * evaluator sooner starts it.
     */
    void startEvaluator() {
        if (evaluatorStarted.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                try {
                    evaluator.complete(startup.start(io.out, io.err, heap::cellRanOut));
                } catch (Throwable e) {
                    evaluator.completeExceptionally(e);
                }
            }, "procbook-warmup");
            t.setDaemon(true);
            t.start();
        }
    }

    JShellEvaluator evaluator() {
        startEvaluator();
        JShellEvaluator ready = evaluator.join();
        startup.stopWarming();
        return ready;
    }

    @Override
    public void onStartup() {
        super.onStartup();
        ExitGuard.refuseExits();
        // as in IPython, the process's streams stay the notebook's: threads that outlive their cell (a pool's
        // progress, an inputter) keep writing to the last cell's output rather than to the server's log
        System.setOut(output.out());
        System.setErr(output.err());
        System.setIn(stdin);
        Progress.install(new ProgressDisplay(this));
        heap.start();
    }

    @Override
    public void onShutdown(boolean restarting) {
        super.onShutdown(restarting);
        evaluator.thenAccept(JShellEvaluator::close);
        output.close();
        heap.close();
    }

    @Override
    public Object evalRaw(String source) {
        return runCell(source, "cell");
    }

    private Object runCell(String source, String label) {
        JShellEvaluator shell = evaluator();
        if (interruptPending) {
            shell.interrupt();
        }
        CellRunner runner = new CellRunner(shell, magics);
        return runner.run(source, label, runner.context(label, output.out()));
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean counted = request.shouldStoreHistory() && !request.isSilent();
        int count = counted ? executionCount.getAndIncrement() : executionCount.get();
        forgetEarlierInterrupts();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        attach(env, request.isStdinEnabled());
        heap.beforeCell();
        String doing = "compiling or running the cell";
        try {
            Object result = pageRequest(request.getCode());
            if (result == null) {
                result = runCell(request.getCode(), "In [" + count + "]");
            }
            doing = "showing the cell's value";
            DisplayData shown = render(result);
            output.flush();
            if (shown != null && !request.isSilent()) {
                env.publish(new PublishExecuteResult(count, shown));
            }
            if (counted) {
                history.record(count, request.getCode(), shown == null ? null : String.valueOf(
                        shown.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)));
            }
            env.defer().reply(payloads.isEmpty() ? new ExecuteReply(count, Map.of())
                    : new PayloadExecuteReply(count, payloads));
        } catch (Exception | OutOfMemoryError e) {
            Throwable failure = ranOutOfMemory(e, doing);
            output.flush();
            if (counted) {
                history.record(count, request.getCode(), null);
            }
            KernelError error = KernelError.of(failure, errorStyler);
            env.publish(new PublishError(error.name(), error.value(), error.traceback()));
            ErrorReply reply = new ErrorReply(error.name(), error.value(), error.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    /**
     * Lets the heap reserve go when the cell ran out of memory, so that the error can be reported and the next cell
     * compiled; an {@link OutOfMemoryError} of the kernel's own work becomes the cell's error, saying what it was.
     */
    private Throwable ranOutOfMemory(Throwable e, String doing) {
        if (e instanceof OutOfMemoryError oom) {
            heap.cellRanOut();
            return CellFailedException.outOfMemory(oom.getMessage(), doing, List.of());
        }
        if (e instanceof CellFailedException f && f.isOutOfMemory()) {
            heap.cellRanOut();
        }
        return e;
    }

    private Object pageRequest(String code) {
        String doc = analysis.pageFor(code);
        if (doc == null) {
            return null;
        }
        payloads.add(PayloadExecuteReply.page(Map.of("text/plain", doc), 0));
        return Boolean.TRUE;
    }

    private DisplayData render(Object result) {
        if (result == Boolean.TRUE && !payloads.isEmpty()) {
            return null;
        }
        Object object = result instanceof Value value ? value.object() : result;
        if (object == null) {
            return null;
        }
        return object instanceof DisplayData data ? data : renderer.render(object);
    }

    /** An interrupt stops the request it comes during; one that came between requests is forgotten. */
    private void forgetEarlierInterrupts() {
        interruptPending = false;
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().clearStops();
        }
    }

    private void attach(ShellReplyEnvironment env, boolean allowStdin) {
        output.attach(env);
        stdinAllowed = allowStdin;
        payloads.clear();
        stdin.startCell();
        kernelIO.attach(env);
        env.defer(() -> {
            output.detach();
            kernelIO.detach(env);
        });
    }

    /**
     * Asks the user for a line through the front end.
     *
     * @throws StdinNotAllowedException when the front end does not allow stdin
     */
    String readLine(String prompt, boolean password) {
        ShellReplyEnvironment env = output.current();
        if (env == null || !stdinAllowed) {
            throw new StdinNotAllowedException(prompt);
        }
        output.flush();
        String line = env.readFromStdIn(prompt, password);
        return line.endsWith(System.lineSeparator()) ? line.substring(0, line.length()
                - System.lineSeparator().length()) : line;
    }

    boolean stdinAllowed() {
        return stdinAllowed && output.current() != null;
    }

    void page(String text) {
        payloads.add(PayloadExecuteReply.page(Map.of("text/plain", text), 0));
    }

    void clearOutput(boolean wait) {
        ShellReplyEnvironment env = output.current();
        if (env != null) {
            output.flush();
            env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        }
    }

    @Override
    public String show(DisplayData data) {
        String id = UUID.randomUUID().toString();
        data.setDisplayId(id);
        output.flush();
        io.display.display(data);
        return id;
    }

    @Override
    public void update(String id, DisplayData data) {
        io.display.updateDisplay(id, data);
    }

    DisplayData renderForDisplay(Object value) {
        return value instanceof DisplayData data ? new DisplayData(data) : renderer.render(value);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return analysis.inspect(code, at);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return analysis.complete(code, at);
    }

    @Override
    public String isComplete(String code) {
        return analysis.isComplete(code);
    }

    @Override
    public void interrupt() {
        // set first: a request that gets the evaluator after this line sees it, one that had it is stopped below
        interruptPending = true;
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().interrupt();
        }
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new StatusKernelInfoReply(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), banner(),
                getHelpLinks()));
    }

    private String banner() {
        return "Procbook " + version + ": Java " + Runtime.version() + " (JShell"
                + (JShellEvaluator.expressionPathAvailable() ? "; one-expression cells by a pooled javac" : "")
                + "), processes and their memory";
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                yield history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                if (search.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(search.getPattern(), search.getMaxReturnLength(), flags);
            }
        };
        env.reply(new StatusHistoryReply(entries == null ? List.of() : entries));
    }
}
