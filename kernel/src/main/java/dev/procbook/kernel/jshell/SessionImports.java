package dev.procbook.kernel.jshell;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.VarSnippet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a cell compiled beside JShell must import to see the session as JShell's own snippets see it: the session's
 * imports, and each variable, method and class declared by a cell, in the class JShell keeps it in. JShell stays
 * the owner of every declaration; this only names them.
 *
 * <p>The header is made again only after JShell's snippets have changed ({@link #changed()}), and the wrapper of
 * each snippet is asked for once.
 */
final class SessionImports {

    private static final String PACKAGE_LINE = "package " + ReplSymtab.REPL + ";\n";

    private final JShell shell;
    /**
     * The wrappers of the active declarations, by snippet, not id: a redefinition keeps the id of what it replaces, in
     * a class of another name. Only the active ones are kept: each holds its snippet's wrapped source.
     */
    private Map<Snippet, SnippetWrapper> wrappers = new IdentityHashMap<>();
    private final Map<String, Declared> byClass = new HashMap<>();
    /** The classes of all active declarations: the valid ones and those waiting for something they need. */
    private final Set<String> activeClasses = new HashSet<>();
    private String header;
    /** The header's lines after its first, in order; each declaration's with its name. */
    private final List<Line> lines = new ArrayList<>();

    /** A line of the header: an import of the session's, or one naming a declaration ({@code name} not null). */
    private record Line(String name, String text) {
    }

    SessionImports(JShell shell) {
        this.shell = shell;
    }

    /** JShell evaluated or dropped snippets: the header is made again when next asked for. */
    void changed() {
        header = null;
    }

    /** {@code package REPL;} and one import per line, ending with a newline. */
    String header() {
        if (header == null) {
            header = make();
        }
        return header;
    }

    /**
     * The header for a cell whose code is {@code code}: the session's imports, and the declarations whose names are
     * in the code. Every import of a declaration costs each compilation a read of its class, however few the cell
     * uses; one the code does not name cannot change what the code means (a type the compiler needs without its name,
     * such as a method's return type, it finds by the binary name in the class that uses it). A code with a Unicode
     * escape, which may spell a name, gets the whole header.
     */
    String header(String code) {
        String whole = header();
        if (code.contains("\\u")) {
            return whole;
        }
        Set<String> named = identifiers(code);
        StringBuilder out = new StringBuilder(PACKAGE_LINE);
        for (Line line : lines) {
            if (line.name() == null || named.contains(line.name())) {
                out.append(line.text());
            }
        }
        return out.toString();
    }

    /** The identifiers and keywords in {@code code}, also those in its comments and strings. */
    static Set<String> identifiers(String code) {
        Set<String> names = new HashSet<>();
        int i = 0;
        while (i < code.length()) {
            if (!Character.isJavaIdentifierStart(code.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
                i++;
            }
            names.add(code.substring(start, i));
        }
        return names;
    }

    /**
     * The top-level classes (e.g. {@code REPL.$JShell$12}) that hold the session's live declarations: what the
     * header imports from. Classes of overwritten or dropped snippets, which JShell keeps, are not among them.
     */
    Set<String> liveClasses() {
        header();
        return Collections.unmodifiableSet(byClass.keySet());
    }

    /**
     * The top-level classes of every active declaration: those of {@link #liveClasses()}, and those of declarations
     * JShell keeps until what they need is declared (a method calling one not yet written). A later snippet can
     * refer to no other snippet's class.
     */
    Set<String> activeClasses() {
        header();
        return Collections.unmodifiableSet(activeClasses);
    }

    /** A live declaration of the session and how JShell wrapped it. */
    record Declared(Snippet snippet, SnippetWrapper wrapper) {
    }

    /**
     * The declaration JShell compiled into the top-level class {@code className} (e.g. {@code REPL.$JShell$12}), or
     * null when no live declaration of the session is in that class.
     */
    Declared declaredIn(String className) {
        header();
        return byClass.get(className);
    }

    /** How many snippets' wrappers are kept. */
    int wrappersKept() {
        return wrappers.size();
    }

    private String make() {
        byClass.clear();
        activeClasses.clear();
        lines.clear();
        Map<Snippet, SnippetWrapper> known = wrappers;
        wrappers = new IdentityHashMap<>();
        shell.snippets().forEach(snippet -> {
            Snippet.Status status = shell.status(snippet);
            if (status != Snippet.Status.VALID) {
                if (status.isActive() && snippet instanceof DeclarationSnippet) {
                    activeClasses.add(wrapper(snippet, known).fullClassName());
                }
                return;
            }
            if (snippet instanceof ImportSnippet i) {
                lines.add(new Line(null, i.source().strip() + "\n"));
            } else if (snippet instanceof VarSnippet || snippet instanceof MethodSnippet) {
                String owner = remember(snippet, known);
                lines.add(new Line(name(snippet), "import static " + owner + "." + name(snippet) + ";\n"));
            } else if (snippet instanceof TypeDeclSnippet) {
                String owner = remember(snippet, known);
                lines.add(new Line(name(snippet), "import " + owner + "." + name(snippet) + ";\n"));
            }
        });
        StringBuilder out = new StringBuilder(PACKAGE_LINE);
        lines.forEach(line -> out.append(line.text()));
        return out.toString();
    }

    /**
     * Remembers which class holds the declaration, and returns that class's name; the wrapper comes from
     * {@code known} when the last header had it.
     */
    private String remember(Snippet snippet, Map<Snippet, SnippetWrapper> known) {
        SnippetWrapper wrapper = wrapper(snippet, known);
        byClass.put(wrapper.fullClassName(), new Declared(snippet, wrapper));
        activeClasses.add(wrapper.fullClassName());
        return wrapper.fullClassName();
    }

    /** The snippet's wrapper, from {@code known} when the last header had it; kept for the next. */
    private SnippetWrapper wrapper(Snippet snippet, Map<Snippet, SnippetWrapper> known) {
        SnippetWrapper wrapper = known.get(snippet);
        if (wrapper == null) {
            wrapper = shell.sourceCodeAnalysis().wrapper(snippet);
        }
        wrappers.put(snippet, wrapper);
        return wrapper;
    }

    private static String name(Snippet snippet) {
        return ((DeclarationSnippet) snippet).name();
    }
}
