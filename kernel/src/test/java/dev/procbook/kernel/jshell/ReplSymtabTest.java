package dev.procbook.kernel.jshell;

import com.sun.source.util.JavacTask;
import com.sun.tools.javac.api.JavacTaskImpl;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symtab;
import org.junit.jupiter.api.Test;

import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The symbol table that gives JShell the classes of its package {@code REPL} rather than every class javac read. That
 * it gives exactly the classes a walk over all of them finds is checked by an assertion in it, on every JShell task of
 * every test here (tests run with assertions on); {@link JShellLeftoversTest} compares whole sessions with JShell's own.
 */
class ReplSymtabTest {

    @Test
    void jshellsTasksFindTheSnippetsClassesWithoutAWalk() {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        try (JShellEvaluator evaluator = new JShellEvaluator(List.of(), discard, discard)) {
            long before = ReplSymtab.answeredJShell();
            evaluator.eval("record Point(int x, int y) { }", "In [1]");
            evaluator.eval("int norm(Point p) { return Math.abs(p.x()) + Math.abs(p.y()); }", "In [2]");
            assertEquals(3, ((Number) evaluator.eval("norm(new Point(1, -2))", "In [3]").object()).intValue());
            assertTrue(ReplSymtab.answeredJShell() >= before + 2 * 2,
                    "JShell's walks answered from the index: " + (ReplSymtab.answeredJShell() - before)
                            + " for two declarations of two tasks each");
        }
    }

    @Test
    void itKeepsTheClassesOfReplNestedOnesIncludedAndEveryOtherCallerGetsAll() throws IOException {
        JavaFileObject source = new SimpleJavaFileObject(URI.create("mem:///REPL/Outer.java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return "package REPL; class Outer { static class Inner { } class Other { } }";
            }
        };
        try (StandardJavaFileManager files = ToolProvider.getSystemJavaCompiler()
                .getStandardFileManager(null, null, null)) {
            new ReplSymtab.Pool(1).getTask(null, files, null, List.of("-proc:none"), null, List.of(source), task -> {
                try {
                    ((JavacTask) task).analyze();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Symtab syms = Symtab.instance(((JavacTaskImpl) task).getContext());
                assertInstanceOf(ReplSymtab.class, syms);
                assertEquals(Set.of("REPL.Outer", "REPL.Outer$Inner", "REPL.Outer$Other"), names(
                        ReplSymtab.replClasses(syms)));
                Set<String> all = names(syms.getAllClasses());
                assertTrue(all.contains("java.lang.Object") && all.containsAll(names(ReplSymtab.replClasses(syms))),
                        "all classes: " + all.size());
                for (ClassSymbol type : ReplSymtab.replClasses(syms)) { // as JShell removes them
                    syms.removeClass(type.packge().modle, type.flatname);
                }
                assertEquals(Set.of(), names(ReplSymtab.replClasses(syms)));
                assertTrue(names(syms.getAllClasses()).contains("java.lang.Object"));
                return null;
            });
        }
    }

    private static Set<String> names(Iterable<ClassSymbol> classes) {
        Set<String> names = new TreeSet<>();
        classes.forEach(type -> names.add(type.flatname.toString()));
        return names;
    }
}
