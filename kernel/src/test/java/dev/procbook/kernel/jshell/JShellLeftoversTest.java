package dev.procbook.kernel.jshell;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JShell keeps the class file of every snippet it ever compiled and lists them all to javac in each of the five
 * tasks of every later snippet, so a declaration cell cost twice as much after 3 000 cells as after 10. The evaluator
 * keeps only the class files of active declarations and renews JShell's compiler pool now and then
 * ({@link JShellLeftovers}): here, a session that does and one that does not must give the same results for
 * redefinitions of everything a later snippet can depend on, across a renewal of the pool.
 */
class JShellLeftoversTest {

    /** Redefinitions with dependents: methods, types, records, enums, interfaces, nested classes, lambdas. */
    private static final List<String> CORPUS = List.of(
            "int g() { return 1; }", "int f() { return g() + 1; }", "f()", "int g() { return 10; }", "f()",
            "class A { int v() { return 1; } }", "class B extends A { }", "new B().v()",
            "class A { int v() { return 2; } }", "new B().v()",
            "record R(int a) { }", "var r = new R(1);", "r", "R make(int a) { return new R(a); }",
            "record R(int a) { int twice() { return 2 * a; } }", "make(2).twice()", "r",
            "record R(int a, int b) { }", "r", "new R(1, 2)", "make(3)",
            "int h() { return missing(); }", "h()", "int missing() { return 5; }", "h()",
            "var list = new java.util.ArrayList<R>();", "list.add(new R(1, 2)); list.size()",
            "record R(int a, int b, int c) { }", "list",
            "interface Shape { double area(); }",
            "record Sq(double s) implements Shape { public double area() { return s * s; } }",
            "Shape sh = new Sq(2);", "sh.area()",
            "interface Shape { double area(); default String name() { return \"shape\"; } }", "sh",
            "new Sq(3).name()",
            "enum Color { RED, GREEN }", "var c = Color.RED;", "enum Color { RED, GREEN, BLUE }", "c", "Color.BLUE",
            "java.util.function.IntUnaryOperator op = i -> i + g();", "op.applyAsInt(1)",
            "int g() { return 100; }", "op.applyAsInt(1)",
            "class Outer { static class In { int k = 7; } }", "new Outer.In().k",
            "class Outer { static class In { int k = 8; } }", "new Outer.In().k",
            "var x = 3;", "int useX() { return x * 2; }", "useX()", "var x = 4;", "useX()", "var x = \"s\";",
            "useX()", "x.length()", "1 + 1", "var y = 2; y + 1");

    private static Session pruning;
    private static Session keepingAll;

    @BeforeAll
    static void start() {
        pruning = new Session(true);
        keepingAll = new Session(false);
        assertTrue(pruning.evaluator.classFilesKept() >= 0, "the test JVM opens jdk.jshell (see kernel/pom.xml)");
    }

    @AfterAll
    static void close() {
        pruning.evaluator.close();
        keepingAll.evaluator.close();
    }

    @Test
    void redefinitionsGiveWhatJShellGivesWhenItKeepsEveryClassFile() {
        List<String> differences = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String cell : CORPUS) {
                String expected = keepingAll.run(cell);
                String actual = pruning.run(cell);
                if (!expected.equals(actual)) {
                    differences.add("round " + round + ", " + cell + "\n  keeping all: " + expected
                            + "\n  pruning:     " + actual);
                }
            }
        }
        assertEquals(List.of(), differences);
    }

    @Test
    void theCompilerPoolIsRenewedAndWhatWasDeclaredBeforeStillWorks() {
        Session session = new Session(true);
        try {
            session.run("record Kept(int a) { int twice() { return 2 * a; } }");
            session.run("int base = 20;");
            session.run("int add(int a) { return base + a; }");
            int pools = session.evaluator.taskPools();
            for (int i = 0; i <= JShellLeftovers.COMPILATIONS_PER_POOL; i++) {
                session.run("var n = " + i + ";");
            }
            assertTrue(session.evaluator.taskPools() > pools, "pools: " + session.evaluator.taskPools());
            assertEquals("value=42 : java.lang.Integer, printed=", session.run("new Kept(add(1)).twice()"));
            assertEquals("no value, printed=", session.run("int add(int a) { return base - a; }"));
            assertEquals("value=19 : java.lang.Integer, printed=", session.run("add(n - 499)"));
        } finally {
            session.evaluator.close();
        }
    }

    @Test
    void aThousandCellsLeaveNoMoreClassFilesOrSnippetsThanTen() {
        Session session = new Session(true);
        try {
            session.run("record Q(int a) { }");
            session.run("var q = new Q(1);");
            int before = session.evaluator.classFilesKept();
            int snippetsBefore = session.evaluator.snippetsKept();
            for (int i = 0; i < 250; i++) { // each a new snippet in a new class; JShell keeps the old ones' files
                session.run("record Q(int a) { int k() { return " + i + "; } }");
                session.run("var q = new Q(" + i + ");");
                session.run("int m" + (i % 3) + "() { return q.k(); }");
                session.run("{ System.out.print(\"\"); }");
            }
            assertTrue(session.evaluator.classFilesKept() <= before + 3 + SessionVariables.TEMP_VARS_KEPT,
                    "class files kept: before=" + before + ", after=" + session.evaluator.classFilesKept());
            // JShell copies its list of snippets in every task; overwritten and dropped ones are never used again
            assertTrue(session.evaluator.snippetsKept() <= snippetsBefore + 3 + SessionVariables.TEMP_VARS_KEPT,
                    "snippets kept: before=" + snippetsBefore + ", after=" + session.evaluator.snippetsKept());
        } finally {
            session.evaluator.close();
        }
    }

    private static final class Session {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final JShellEvaluator evaluator;

        Session(boolean pruning) {
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            evaluator = new JShellEvaluator(List.of(), out, out);
            if (!pruning) {
                evaluator.keepLeftovers();
            }
        }

        /** What a user sees of a cell: its value and type of value, its output, or its error. */
        String run(String cell) {
            printed.reset();
            String outcome;
            try {
                Value value = evaluator.eval(cell, "t");
                outcome = value == null ? "no value" : "value=" + value.object() + " : " + value.typeName();
            } catch (CompilationFailedException e) {
                outcome = "compile error: " + e.problems();
            } catch (CellFailedException e) {
                outcome = "failed: " + e.exceptionClass() + ": " + e.detail();
            } catch (RuntimeException e) {
                outcome = "error: " + e;
            }
            return outcome + ", printed=" + printed.toString(StandardCharsets.UTF_8);
        }
    }
}
