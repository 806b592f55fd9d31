package dev.procbook.kernel.jshell;

import com.sun.source.util.JavacTask;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.SnippetWrapper;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the syntax errors of a whole cell before any of it runs, as Python compiles a cell before running it.
 *
 * <p>Each snippet is parsed, not compiled, in the class JShell would wrap it in
 * ({@link SourceCodeAnalysis#wrappers}), all in one javac parse. So only what the parser rejects is found here: a
 * name or a type that is wrong is found when its snippet compiles, after the snippets before it ran, as Python
 * finds a {@code NameError} when its line runs. A snippet may use names declared earlier in the same cell, which do
 * not exist before those run, so nothing more can be checked up front.
 */
final class SyntaxCheck {

    /** JShell's wrapper shows a {@code var} declaration as a field, where the parser does not allow {@code var}. */
    private static final String VAR_FIELD = "compiler.err.restricted.type.not.allowed.here";

    private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

    private SyntaxCheck() {
    }

    /**
     * Checks every snippet of {@code cell}.
     *
     * @throws CompilationFailedException with the problems of the first snippet the parser rejects, placed in the cell
     */
    static void check(SourceCodeAnalysis analysis, String cell, List<SnippetSplitter.Piece> pieces) {
        List<WrappedPiece> files = new ArrayList<>();
        for (SnippetSplitter.Piece piece : pieces) {
            for (SnippetWrapper wrapper : analysis.wrappers(piece.source())) {
                files.add(new WrappedPiece(files.size(), piece, wrapper));
            }
        }
        if (files.isEmpty()) {
            return;
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try {
            ((JavacTask) JAVAC.getTask(null, null, diagnostics, List.of("-proc:none"), null, files)).parse();
        } catch (IOException e) {
            throw new UncheckedIOException("cell could not be parsed: snippets=" + files.size(), e);
        }
        WrappedPiece first = null;
        List<CompileProblem> problems = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR || VAR_FIELD.equals(d.getCode())
                    || !(d.getSource() instanceof WrappedPiece wrapped)) {
                continue;
            }
            if (first == null || wrapped.index < first.index) {
                first = wrapped;
                problems.clear();
            }
            if (wrapped == first) {
                problems.add(wrapped.place(cell, d));
            }
        }
        if (!problems.isEmpty()) {
            throw new CompilationFailedException(problems);
        }
    }

    /** One snippet as JShell wraps it, as a source file for javac. */
    private static final class WrappedPiece extends SimpleJavaFileObject {
        private final int index;
        private final SnippetSplitter.Piece piece;
        private final SnippetWrapper wrapper;

        WrappedPiece(int index, SnippetSplitter.Piece piece, SnippetWrapper wrapper) {
            super(URI.create("string:///Snippet" + index + ".java"), Kind.SOURCE);
            this.index = index;
            this.piece = piece;
            this.wrapper = wrapper;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return wrapper.wrapped();
        }

        /** The problem at the cell's line and column: an error in the wrapper's own text is put at the end. */
        CompileProblem place(String cell, Diagnostic<? extends JavaFileObject> d) {
            int length = piece.source().length();
            int start = wrapper.wrappedToSourcePosition((int) Math.max(0, d.getStartPosition()));
            int end = wrapper.wrappedToSourcePosition((int) Math.max(0, d.getEndPosition()));
            if (start < 0 || start > length) {
                start = Math.max(0, length - 1);
            }
            int span = end > start && end <= length ? end - start : 1;
            return CompileProblem.at(cell, piece.offset() + start, span, d.getMessage(Locale.ROOT));
        }
    }
}
