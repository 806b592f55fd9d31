package dev.procbook.kernel.jshell;

import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Each method of a cell's classes starts with a stop check, and each loop has one: {@link StopChecks}. */
    @Test
    void everyShapeOfCodeStillVerifiesAndRunsOnceWoven() {
        String[] declarations = {
                "int loopFirst(int n) { while (n > 0) { n--; } return n; }",
                "int doWhile(int n) { int s = 0; do { s += n; } while (--n > 0); return s; }",
                "int labelled(int n) { int s = 0; outer: for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++)"
                        + " { if (j > i) continue outer; s++; } } return s; }",
                "int switched(int n) { int s = 0; for (int i = 0; i < n; i++) { switch (i % 3) { case 0: s++; break;"
                        + " case 1: s += 2; break; default: s += 3; } } return s; }",
                "int caught(int n) { int s = 0; for (int i = 0; i < n; i++) { try { s += 10 / (i % 2); }"
                        + " catch (ArithmeticException e) { s--; } } return s; }",
                "class Counter { final int count; Counter(int n) { int c = 0; while (c < n) c++; count = c; } }",
                "class Later { static int total; static { for (int i = 0; i < 4; i++) total += i; } }",
                "record Pair(int a, int b) { public Pair { while (a > b) { a--; } } }",
                "enum Size { SMALL, LARGE; int weight() { int w = 0; for (int i = 0; i <= ordinal(); i++) w++;"
                        + " return w; } }",
                "interface Summer { default int sum(int n) { int s = 0; for (int i = 1; i <= n; i++) s += i;"
                        + " return s; } }",
                "java.util.function.IntUnaryOperator halve = n -> { int s = 0; while (n > 1) { n /= 2; s++; }"
                        + " return s; };",
        };
        for (String declaration : declarations) {
            assertOk(declaration);
        }
        assertEquals("0", value("loopFirst(5)"));
        assertEquals("15", value("doWhile(5)"));
        assertEquals("10", value("labelled(4)"));
        assertEquals("12", value("switched(6)"));
        assertEquals("27", value("caught(6)"));
        assertEquals("7", value("new Counter(7).count"));
        assertEquals("6", value("Later.total"));
        assertEquals("2", value("new Pair(5, 2).a()"));
        assertEquals("2", value("Size.LARGE.weight()"));
        assertEquals("10", value("new Summer() { }.sum(4)"));
        assertEquals("3", value("halve.applyAsInt(8)"));
    }

    @Test
    @Timeout(60)
    void aStopEndsALoopThatCallsNothingAndTheSessionGoesOn() throws Exception {
        String started = "procbook.test.spinning." + System.nanoTime();
        assertOk("void spinForever() { while (true) { } }");
        CompletableFuture<?> spinning = CompletableFuture.supplyAsync(
                () -> jshell.eval("System.setProperty(\"" + started + "\", \"yes\"); spinForever();"));
        while (System.getProperty(started) == null) {
            assertFalse(spinning.isDone(), () -> "the cell ended before its loop: " + spinning.join());
            Thread.sleep(10);
        }
        Thread.sleep(100);
        assertFalse(spinning.isDone(), "the loop ended by itself");
        runs.interrupt();
        jshell.stop();
        // within the 2 s after which JDK 17's Thread.stop would end it: the loop's own check ended it
        spinning.get(CellExecutionControl.STOP_GRACE_MILLIS / 2, TimeUnit.MILLISECONDS);
        runs.clearStops();
        assertEquals("2", value("1 + 1"));
    }

    private void assertOk(String code) {
        for (SnippetEvent e : jshell.eval(code)) {
            assertNull(e.exception(), code + ": " + e.exception());
            assertTrue(e.status() == Snippet.Status.VALID || e.status() == Snippet.Status.OVERWRITTEN,
                    code + ": " + e.status() + " " + jshell.diagnostics(e.snippet()).toList());
        }
    }

    /** The value of {@code expression}, read as a variable's: the engine tells JShell only the type of a value. */
    private String value(String expression) {
        SnippetEvent e = jshell.eval("var checked = " + expression + ";").get(0);
        assertNull(e.exception(), expression + ": " + e.exception());
        return jshell.varValue((VarSnippet) e.snippet());
    }
}
