package dev.procbook.kernel.jshell;

import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellExecutionControlTest {

    private final SnippetRuns runs = new SnippetRuns();
    private final JShell jshell = JShell.builder()
            .executionEngine(new LocalEngineProvider(new SnippetLoaderDelegate(getClass().getClassLoader()), runs),
                    Map.of())
            .build();

    @AfterEach
    void close() {
        jshell.close();
    }

    @Test
    void jshellIsToldAValuesTypeNotItsElements() {
        assertEquals("byte[]", jshell.eval("new byte[30_000_000]").get(0).value());
        assertEquals("java.lang.String", jshell.eval("\"text\"").get(0).value());
        assertEquals("null", jshell.eval("(Object) null").get(0).value());
    }

    @Test
    void aSnippetOfACellInterruptedBeforeItsCodeStartedDoesNotRun() {
        VarSnippet ran = (VarSnippet) jshell.eval("int[] ran = {0};").get(0).snippet();
        runs.interrupt();
        List<SnippetEvent> events = jshell.eval("ran[0] = 1;");
        assertNull(events.get(0).exception());
        runs.clearStops();
        assertEquals("int[1] { 0 }", jshell.varValue(ran));
        jshell.eval("ran[0] = 2;");
        assertEquals("int[1] { 2 }", jshell.varValue(ran));
    }

    @Test
    void codeThatRunsOutOfMemoryIsToldAtOnceAndFailsWithIt() {
        AtomicBoolean told = new AtomicBoolean();
        runs.whenOutOfMemory(() -> told.set(true));
        SnippetEvent event = jshell.eval("new long[Integer.MAX_VALUE - 8]").get(0);
        assertTrue(told.get());
        assertEquals("java.lang.OutOfMemoryError", ((EvalException) event.exception()).getExceptionClassName());
        assertEquals("running the cell", runs.doing());
    }

    @Test
    void anExceptionOfACellKeepsItsClassAndMessage() {
        SnippetEvent event = jshell.eval("Integer.parseInt(\"x\")").get(0);
        assertEquals("java.lang.NumberFormatException", ((EvalException) event.exception())
                .getExceptionClassName());
        assertEquals("For input string: \"x\"", event.exception().getMessage());
    }
}
