package dev.procbook.kernel.jshell;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JShellEvaluatorTest {

    /** The system property through which {@link #interruptStopsABusyLoop} hands its cell a latch. */
    private static final String LOOPING = "procbook.test.looping";

    private static JShellEvaluator shell;

    @BeforeAll
    static void startShell() {
        shell = new JShellEvaluator(List.of(), new PrintStream(System.out), new PrintStream(System.err));
    }

    @AfterAll
    static void closeShell() {
        shell.close();
    }

    @Test
    void trailingExpressionGivesTheObjectItself() {
        Value value = shell.eval("var list = new java.util.ArrayList<String>();\nlist.add(\"a\");\nlist", "t");
        assertTrue(value.object() instanceof java.util.ArrayList<?>);
        assertEquals(List.of("a"), value.object());
    }

    @Test
    void aTypedSemicolonAfterTheLastExpressionHidesItsValueAsInIPython() {
        assertNull(shell.eval("String.valueOf(1);", "t"));
        assertEquals("1", shell.eval("String.valueOf(1)", "t").object());
        assertNull(shell.eval("System.out.printf(\"%d%n\", 1);", "t"));
    }

    @Test
    void callingAMethodThatUsesWhatIsNotDeclaredNamesWhatIsMissing() {
        shell.eval("int usesLater() { return notYetWritten(); }", "t");
        CellFailedException e = assertThrows(CellFailedException.class, () -> shell.eval("usesLater()", "t"));
        assertEquals("cannot run: usesLater uses method notYetWritten(), which is not declared yet", e.detail());
    }

    @Test
    void callingAMethodThatARedefinitionBrokeNamesTheMethodAndItsError() {
        shell.eval("record Pair(int a) { }", "t");
        shell.eval("Pair pairOf(int a) { return new Pair(a); }", "t");
        shell.eval("record Pair(int a, int b) { }", "t");
        CellFailedException e = assertThrows(CellFailedException.class, () -> shell.eval("pairOf(3)", "t"));
        assertTrue(e.detail().startsWith("cannot run: pairOf cannot be called until this error in it is corrected: "
                + "constructor Pair in record Pair cannot be applied to given types"), e.detail());
    }

    @Test
    void aStatementKeepsItsCellLineInErrors() {
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> shell.eval(new CellStatement("int late = \"x\";", 5), "t"));
        assertEquals(5, e.problems().get(0).line());
    }

    @Test
    void declarationsAndAssignmentsHaveNoValue() {
        assertNull(shell.eval("int declared = 5;", "t"));
        assertNull(shell.eval("declared = 6;", "t"));
        assertEquals(6, shell.eval("declared", "t").object());
    }

    @Test
    void compileErrorIsPlacedOnTheCellsLineAndColumn() {
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> shell.eval("int okay = 1;\n\n  String s = 42;", "t"));
        CompileProblem p = e.problems().get(0);
        assertEquals(3, p.line());
        assertEquals(14, p.column());
        assertEquals("  String s = 42;", p.lineText());
    }

    @Test
    void aSyntaxErrorOnALaterLineRunsNothingOfTheCell() {
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> shell.eval("int ranBeforeSyntaxError = 1;\nvar alsoRan = 2;\n  int bad = 1 +* 2;", "t"));
        CompileProblem p = e.problems().get(0);
        assertEquals(3, p.line());
        assertEquals(16, p.column());
        assertThrows(CompilationFailedException.class, () -> shell.eval("ranBeforeSyntaxError", "t"));
    }

    @Test
    void varDeclarationsAndCellOnlyFormsPassTheSyntaxCheck() {
        shell.checkSyntax("var list = new java.util.ArrayList<String>();\nvoid m() { }\nimport java.util.*;\n"
                + "record R(int a) { }\nlist.size();\nundefinedName + 1");
        assertThrows(CompilationFailedException.class, () -> shell.checkSyntax("int ok = 1;\nfor (;;) { ok++ }"));
    }

    @Test
    void runtimeExceptionKeepsClassMessageAndUserFrames() {
        CellFailedException e = assertThrows(CellFailedException.class,
                () -> shell.eval("void fail() {\n  throw new IllegalStateException(\"nope\");\n}\nfail();", "In [9]"));
        assertEquals("java.lang.IllegalStateException", e.exceptionClass());
        assertEquals("nope", e.detail());
        assertEquals(List.of("    at fail (In [9] line 2)", "    at <cell> (In [9] line 4)"), e.trace());
    }

    @Test
    void unfinishedStatementIsReportedAsIncomplete() {
        IncompleteCellException e = assertThrows(IncompleteCellException.class,
                () -> shell.eval("int a = 1;\nif (a > 0) {", "t"));
        assertEquals(2, e.line());
    }

    @Test
    void systemExitInACellIsRefusedWhenTheGuardIsOn() {
        ExitGuard.refuseExits();
        CellFailedException e = assertThrows(CellFailedException.class, () -> shell.eval("System.exit(2);", "t"));
        assertEquals(ExitRefusedException.class.getName(), e.exceptionClass());
        assertThrows(CellFailedException.class,
                () -> shell.eval("java.util.function.IntConsumer c = System::exit; c.accept(1);", "t"));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void interruptStopsABusyLoop() throws Exception {
        // The cell counts the latch down from inside its loop: a JDK class, so the cell's loader and this test's
        // see the same one, and the interrupt comes once the loop runs, not while JShell still compiles it.
        CountDownLatch looping = new CountDownLatch(1);
        System.getProperties().put(LOOPING, looping);
        try {
            shell.eval("long spins = 0;", "t");
            CompletableFuture<Value> running = CompletableFuture.supplyAsync(() -> shell.eval(
                    "var looping = (java.util.concurrent.CountDownLatch) System.getProperties().get(\"" + LOOPING
                            + "\");\nwhile (true) { if (++spins == 1000) looping.countDown(); }", "t"));
            assertTrue(looping.await(30, TimeUnit.SECONDS), "the cell's loop never ran");
            shell.interrupt();
            Exception e = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof CellInterruptedException, String.valueOf(e.getCause()));
            shell.clearStops();
            assertTrue((Long) shell.eval("spins", "t").object() >= 1000);
        } finally {
            System.getProperties().remove(LOOPING);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void anInterruptBeforeACellStopsItBeforeAnyOfItRunsUntilCleared() {
        shell.eval("int touched = 0;", "t");
        shell.interrupt();
        assertThrows(CellInterruptedException.class, () -> shell.eval("touched = 1;\nThread.sleep(20_000);", "t"));
        shell.clearStops();
        assertEquals(0, shell.eval("touched", "t").object());
    }

    @Test
    void classBytesOfCellClassesAreServedAsResources() throws Exception {
        shell.eval("record Pair(int a, int b) { }", "t");
        Class<?> pair = shell.eval("new Pair(1, 2)", "t").object().getClass();
        String resource = pair.getName().replace('.', '/') + ".class";
        try (InputStream in = shell.classLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            byte[] bytes = in.readAllBytes();
            assertArrayEquals(new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE},
                    java.util.Arrays.copyOf(bytes, 4));
        }
    }

    @Test
    void snippetsSplitsACellIntoStatements() {
        assertEquals(List.of(new CellStatement("int x1 = 1;", 1), new CellStatement("int x2 = 2;", 3),
                new CellStatement("x1 + x2", 4)), shell.snippets("int x1 = 1;\n\nint x2 = 2;\nx1 + x2"));
    }
}
