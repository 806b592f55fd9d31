package dev.procbook.kernel.jshell;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expression path against JShell: two sessions fed the same cells, one with the path and one without, must show
 * the same values, print the same output, fail with the same errors and traces, and reject the same code at the same
 * line and column.
 */
class ExpressionCellsTest {

    /** Cells both sessions run first: the declarations the corpus uses. */
    private static final List<String> SETUP = List.of(
            "int x = 21;",
            "int twice(int a) { return 2 * a; }",
            "record P(int a, int b) { int sum() { return a + b; } }",
            "var p = new P(3, 4);",
            "int divide(int a, int b) {\n    return a / b;\n}",
            "String s = \"hi\";",
            "import java.util.concurrent.atomic.*;",
            "var counter = new AtomicInteger();",
            "int[] cells = {1, 2, 3};");

    /** Cells that are one expression (the path takes them) or not (JShell does, in both sessions). */
    private static final List<String> CORPUS = List.of(
            "1 + 1", "x * 2", "Math.max(x, 7)", "x", "(x)", "p.sum()", "p", "p.a()", "twice(x)", "s.length()",
            "s + \"!\"", "'a'", "1L << 40", "3.0 / 2", "\"a;b\"", "\"\"\"\n  text\n  \"\"\"", "null", "new int[] {1, 2}",
            "java.util.List.of(1, 2, 3)", "counter.incrementAndGet()", "x = 5", "x += 1", "cells[0] = 9", "cells",
            "1 + 1;", "x // a comment", "/* before */ x + 1", "x\n  + 1", "System.out.println(\"printed\")",
            "System.out.println(\"hidden\");", "new Object() { public String toString() { return \"anon\"; } }",
            "x > 3 ? \"big\" : \"small\"", "switch (x) { case 1 -> \"one\"; default -> \"many\"; }",
            "divide(1, 0)", "1 / (x - x)", "Integer.parseInt(\"z\")", "new P(1, 2).a() / 0",
            "x +", "undefinedName + 1", "twice(\"a\")", "s.foo()", "var y = 3; y * 2", "int z = 4;", "z * 2",
            "void m() { }", "m()",
            // var declarations: JShell declares them, with the type stated when it can be written
            "var list = new java.util.ArrayList<String>();", "list.add(\"a\"); list", "var pp = new P(1, 2);",
            "pp.sum()", "var arr = new int[] {1};", "arr", "var anon = new Object() { int k = 3; };", "anon.k",
            "var entry = java.util.Map.entry(1, \"a\");", "entry.getValue()", "var n = null;",
            "var q = undefinedName;", "var first = java.util.List.of(java.util.List.of(1)).get(0);", "first",
            "var wild = (java.util.List<? extends Number>) java.util.List.of(1);", "wild.get(0)",
            "var inner = java.util.Map.of(1, 2).entrySet().iterator().next();", "inner.getKey()",
            "var text = s + 1; // a comment", "text", "var x = 3.5;", "x * 2",
            // literals, whose type is read from their form
            "var i = 7;", "i * 2", "var neg = -2147483648;", "neg - 1", "var big = 2147483648;", "var oct = 017;",
            "oct", "var bad = 09;", "var l = 0xFFL;", "l << 4", "var f = 2.5f;", "f / 2", "var e = 1e3;", "e",
            "var c = 'c';", "c + 1", "var u = '\\u0041';", "u", "var str = \"a\\\"b\";", "str.length()",
            "var t = false;", "!t", "var under = 1_000;", "under", "var badUnder = 1_;",
            // a declaration that shadows a class of java.lang: an expression imports the declarations it names
            "record Character(int v) { static boolean isDigit(char c) { return false; } }", "Character.isDigit('7')",
            "\\u0043haracter.isDigit('7')", "java.lang.Character.isDigit('7')", "\\u0078 * 2");

    private static Session fast;
    private static Session jshell;

    @BeforeAll
    static void start() {
        fast = new Session(true);
        jshell = new Session(false);
        assertTrue(fast.evaluator.hasExpressionPath(), "the test JVM exports javac's internals (see kernel/pom.xml)");
        for (String cell : SETUP) {
            assertEquals(jshell.run(cell, "setup"), fast.run(cell, "setup"), cell);
        }
    }

    @AfterAll
    static void close() {
        fast.evaluator.close();
        jshell.evaluator.close();
    }

    @Test
    void theCorpusGivesWhatJShellGives() {
        List<String> differences = new ArrayList<>();
        int n = 0;
        for (String cell : CORPUS) {
            String label = "In [" + ++n + "]";
            String expected = jshell.run(cell, label);
            String actual = fast.run(cell, label);
            if (!expected.equals(actual)) {
                differences.add("cell: " + cell + "\n  JShell: " + expected + "\n  fast:   " + actual);
            }
        }
        assertEquals("", String.join("\n", differences));
    }

    @Test
    void redefinitionsAreSeenByTheNextExpression() {
        for (String cell : List.of("int x = 100;", "x * 2", "record P(int a, int b) { int sum() { return a * b; } }",
                "new P(3, 4).sum()", "String twice(String t) { return t + t; }", "twice(\"ab\")", "twice(4)")) {
            assertEquals(jshell.run(cell, "t"), fast.run(cell, "t"), cell);
        }
    }

    @Test
    void aVarDeclarationStatesItsTypeWhenSourceCanWriteIt() {
        JShellEvaluator evaluator = fast.evaluator;
        assertEquals("java.util.ArrayList<java.lang.String> l = new java.util.ArrayList<String>();",
                evaluator.stateVarType("var l = new java.util.ArrayList<String>();"));
        assertEquals("  int  i = 1 + 2 ; // c", evaluator.stateVarType("  var  i = 1 + 2 ; // c"));
        assertEquals("java.util.ArrayList<java.util.List<? extends java.lang.Number>> w = new java.util.ArrayList<"
                        + "java.util.List<? extends Number>>();",
                evaluator.stateVarType("var w = new java.util.ArrayList<java.util.List<? extends Number>>();"));
        // a captured wildcard cannot be written: JShell infers it
        for (String unchanged : List.of("var w = (java.util.List<? extends Number>) null;", "var pp = new P(1, 2);",
                "var anon = new Object() { };", "var n = null;",
                "var v = 1; var u = 2;", "var bad = undefinedName;", "int k = 3;", "var z = x +")) {
            assertEquals(unchanged, evaluator.stateVarType(unchanged));
        }
    }

    @Test
    void aLiteralsTypeIsReadFromItsFormWithoutACompilation() {
        JShellEvaluator evaluator = fast.evaluator;
        int compilations = evaluator.expressionPathCompilations();
        String[][] stated = {
                {"var i = 7;", "int i = 7;"}, {"var neg = -2147483648;", "int neg = -2147483648;"},
                {"var h = 0x7fff_ffff;", "int h = 0x7fff_ffff;"}, {"var b2 = 0b101;", "int b2 = 0b101;"},
                {"var l = 3L;", "long l = 3L;"}, {"var d = 1.5;", "double d = 1.5;"}, {"var e = 1e3;", "double e = 1e3;"},
                {"var dot = .5;", "double dot = .5;"}, {"var dd = 2d;", "double dd = 2d;"},
                {"var f = 2.5f;", "float f = 2.5f;"}, {"var c = '\\n';", "char c = '\\n';"},
                {"var q = 'q';", "char q = 'q';"}, {"var s = \"a\\\"b\";", "java.lang.String s = \"a\\\"b\";"},
                {"var t = true;", "boolean t = true;"}, {"  var  k = 1 ;", "  int  k = 1 ;"}};
        for (String[] pair : stated) {
            assertEquals(pair[1], evaluator.stateVarType(pair[0]), pair[0]);
        }
        assertEquals(compilations, evaluator.expressionPathCompilations(), "compilations for literals");
        // not one literal: the compiler says what the type is (a char negated is an int), or JShell does
        assertEquals("int m = -'a';", evaluator.stateVarType("var m = -'a';"));
        assertEquals("double hx = 0x1p3;", evaluator.stateVarType("var hx = 0x1p3;"));
        assertEquals("java.lang.String ab = \"a\" + \"b\";", evaluator.stateVarType("var ab = \"a\" + \"b\";"));
        assertEquals("int cm = 3; // three", evaluator.stateVarType("var cm = 3; // three"));
    }

    @Test
    void onlyCellsThatAreOneExpressionTakeThePath() {
        int before = fast.evaluator.expressionPathCells();
        fast.run("Math.max(x, 7)", "t");
        fast.run("System.out.println(x)", "t");
        assertEquals(before + 2, fast.evaluator.expressionPathCells());
        fast.run("int w = 1;", "t");
        fast.run("var v = 1; v + 1", "t");
        fast.run("x +", "t");
        assertEquals(before + 2, fast.evaluator.expressionPathCells());
    }

    @Test
    void theClassesAnExpressionIsCompiledAgainstDoNotGrowWithTheSession() {
        fast.run("var grow = 1; grow + 1", "t");
        fast.run("grow * 2", "t");
        int shown = fast.evaluator.expressionPathClassesShown();
        assertTrue(shown > 0, "the expression path was shown the session's classes");
        for (int i = 0; i < 300; i++) { // redefinitions and JShell's expressions: each leaves a class behind
            fast.run("var grow = " + i + ";", "t");
            fast.run("int twice(int a) { return 2 * a; }", "t");
            fast.run("var u = 1; u + " + i, "t");
        }
        fast.run("grow * 2", "t");
        assertTrue(fast.evaluator.expressionPathClassesShown() <= shown + 2 + SessionVariables.TEMP_VARS_KEPT,
                "classes shown: before=" + shown + ", after=" + fast.evaluator.expressionPathClassesShown());
    }

    @Test
    void whatIsKeptOfEachDeclarationDoesNotGrowWithItsRedefinitions() {
        fast.run("var kept = 1;", "t");
        fast.run("kept * 2", "t");
        int before = fast.evaluator.declarationWrappersKept();
        for (int i = 0; i < 200; i++) { // each redefinition is a new snippet in a new wrapper class
            fast.run("var kept = " + i + ";", "t");
            fast.run("int thrice" + (i % 3) + "(int a) { return 3 * a + " + i + "; }", "t");
            fast.run("kept * 2", "t");
        }
        assertTrue(fast.evaluator.declarationWrappersKept() <= before + 3,
                "wrappers kept: before=" + before + ", after=" + fast.evaluator.declarationWrappersKept());
    }

    @Test
    void aThousandCellsLeaveNoMoreSnippetsThanTen() {
        fast.run("var warm = 1; warm + 1", "t");
        int live = fast.evaluator.liveSnippets();
        for (int i = 0; i < 500; i++) {
            fast.run("x * " + i, "t");
            fast.run("var t" + (i % 3) + " = " + i + "; t" + (i % 3) + " + 1", "t");
        }
        // the expressions leave nothing; JShell's $N of the two-statement cells are kept for the last ten only
        assertTrue(fast.evaluator.liveSnippets() <= live + 2 + SessionVariables.TEMP_VARS_KEPT,
                "live snippets: before=" + live + ", after=" + fast.evaluator.liveSnippets());
    }

    @Test
    @Timeout(60)
    void anInterruptStopsAnExpressionAndTheNextCellRuns() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        System.getProperties().put("procbook.test.expression", running);
        CompletableFuture<Throwable> cell = CompletableFuture.supplyAsync(() -> {
            try {
                fast.evaluator.eval("java.util.stream.LongStream.range(0, Long.MAX_VALUE).peek(i -> {"
                        + " if (i == 0) ((java.util.concurrent.CountDownLatch) System.getProperties()"
                        + ".get(\"procbook.test.expression\")).countDown(); }).sum()", "t");
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertTrue(running.await(30, TimeUnit.SECONDS), "the expression did not start");
        fast.evaluator.interrupt();
        assertTrue(cell.get(30, TimeUnit.SECONDS) instanceof CellInterruptedException);
        fast.evaluator.clearStops();
        assertEquals(2, fast.evaluator.eval("1 + 1", "t").object());
    }

    @Test
    @Timeout(60)
    void anInterruptStopsAnExpressionThatWaitsAndSaysInterrupted() throws Exception {
        CompletableFuture<Throwable> cell = CompletableFuture.supplyAsync(() -> {
            try {
                fast.evaluator.eval(BlockingCall.class.getName() + ".signalAndWait()", "t");
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertTrue(BlockingCall.STARTED.await(30, TimeUnit.SECONDS), "the expression did not start");
        fast.evaluator.interrupt();
        Throwable stopped = cell.get(30, TimeUnit.SECONDS);
        assertTrue(stopped instanceof CellInterruptedException, String.valueOf(stopped));
        fast.evaluator.clearStops();
        assertEquals(2, fast.evaluator.eval("1 + 1", "t").object());
    }

    @Test
    void systemExitInAnExpressionIsRefusedAsInJShell() {
        ExitGuard.refuseExits();
        assertEquals(jshell.run("System.exit(3)", "t"), fast.run("System.exit(3)", "t"));
    }

    @Test
    void aSemicolonInsideAStringOrCommentIsNotTheCellsLast() {
        assertEquals("x;", fast.evaluator.eval("\"x;\"", "t").object());
        assertNull(CellTail.of("\"open"));
        assertNull(CellTail.of("x /* open"));
        assertTrue(CellTail.of("x; // done;").typedSemicolon());
        assertTrue(CellTail.of(" \n // only a comment").isBlank());
    }

    /** An evaluator and what its cells printed. */
    private static final class Session {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final JShellEvaluator evaluator;

        Session(boolean expressionPath) {
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            evaluator = new JShellEvaluator(List.of(), out, out, expressionPath);
        }

        /** What a user sees of a cell: its value and type of value, its output, or its error. */
        String run(String cell, String label) {
            printed.reset();
            String outcome;
            try {
                Value value = evaluator.eval(cell, label);
                outcome = value == null ? "no value" : "value=" + render(value.object());
            } catch (CompilationFailedException e) {
                outcome = "compile error: " + e.problems();
            } catch (CellFailedException e) {
                outcome = "failed: " + e.exceptionClass() + ": " + e.detail() + " " + e.trace();
            } catch (RuntimeException e) {
                outcome = "error: " + e;
            }
            return outcome + ", printed=" + printed.toString(StandardCharsets.UTF_8);
        }

        private static String render(Object value) {
            if (value instanceof Object[] array) {
                return Arrays.deepToString(array);
            }
            if (value instanceof int[] array) {
                return Arrays.toString(array);
            }
            if (value == null) {
                return "null";
            }
            // JShell makes an anonymous class a member class of its own: the user sees its toString either way
            Class<?> type = value.getClass();
            boolean anonymous = type.isAnonymousClass() || type.getSimpleName().contains("$anonymous$");
            return (anonymous ? "<anonymous>" : type.getSimpleName()) + ":" + value;
        }
    }
}
