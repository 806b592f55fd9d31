package dev.procbook.kernel.jshell;

import jdk.jshell.JShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The imports a cell compiled beside JShell is given: the session's own imports, and of its declarations those the
 * cell names. Each import of a declaration costs every compilation a read of its class: a trivial cell grew 10 %
 * slower after a session had declared a dozen more names.
 */
class SessionImportsTest {

    private JShell shell;
    private SessionImports imports;

    @BeforeEach
    void start() {
        shell = JShell.create();
        imports = new SessionImports(shell);
        for (String cell : List.of("import java.util.concurrent.*;", "var x = 3;", "int twice(int a) { return 2 * a; }",
                "record Point(int x, int y) { }", "var unused = 1;")) {
            shell.eval(cell);
        }
        imports.changed();
    }

    @AfterEach
    void close() {
        shell.close();
    }

    @Test
    void aCellIsGivenTheSessionsImportsAndTheDeclarationsItNames() {
        assertEquals(List.of("import java.util.concurrent.*;"), importLines("1 + 1"));
        assertEquals(List.of("import java.util.concurrent.*;", "x"), importLines("x * 2"));
        assertEquals(List.of("import java.util.concurrent.*;", "x", "twice", "Point"),
                importLines("twice(new Point(x, 1).y())"));
        // a name in a string or a comment is imported all the same: more than needed, never less
        assertEquals(List.of("import java.util.concurrent.*;", "unused"), importLines("\"unused\" // twic"));
    }

    @Test
    void aCellWithAUnicodeEscapeIsGivenEveryDeclaration() {
        assertEquals(imports.header(), imports.header("\\u0078 * 2"));
        assertEquals(List.of("import java.util.concurrent.*;", "x", "twice", "Point", "unused"),
                importLines("\\u0078 * 2"));
    }

    @Test
    void identifiersAreJavasWithDollarsAndUnderscores() {
        assertEquals(java.util.Set.of("a$b", "_c", "d1", "e"), SessionImports.identifiers("a$b+_c*(d1-e)/2.5"));
    }

    /** The header's import lines, each declaration's by its name alone. */
    private List<String> importLines(String code) {
        String header = imports.header(code);
        assertEquals("package REPL;", header.lines().findFirst().orElse(""));
        return Arrays.stream(header.split("\n")).skip(1)
                .map(line -> line.startsWith("import java.") ? line : line.substring(line.lastIndexOf('.') + 1,
                        line.length() - 1))
                .toList();
    }
}
