package dev.procbook.kernel;

import dev.procbook.kernel.jshell.CellText;
import dev.procbook.kernel.jshell.JShellEvaluator;
import dev.procbook.kernel.magic.Magics;
import jdk.jshell.Snippet;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Completion, inspection, completeness and {@code name?} help, from JShell's source analysis. */
final class Analysis {

    private static final Pattern MAGIC_NAME = Pattern.compile("^\\s*(%{1,2})([\\w-]*)$");
    private static final Pattern HELP = Pattern.compile("^([\\w.$]+(?:\\(\\))?)\\s*\\?{1,2}$");

    private final Supplier<JShellEvaluator> evaluator;
    private final Magics magics;

    Analysis(Supplier<JShellEvaluator> evaluator, Magics magics) {
        this.evaluator = evaluator;
        this.magics = magics;
    }

    private SourceCodeAnalysis jshell() {
        return evaluator.get().analysis();
    }

    ReplacementOptions complete(String code, int at) {
        int lineStart = new CellText(code).lineStart(at);
        Matcher magic = MAGIC_NAME.matcher(code.substring(lineStart, at));
        if (magic.find()) {
            Set<String> names = magic.group(1).equals("%%") ? magics.cellNames() : magics.lineNames();
            List<String> options = names.stream().filter(n -> n.startsWith(magic.group(2)))
                    .map(n -> magic.group(1) + n).sorted().collect(Collectors.toList());
            return new ReplacementOptions(options, lineStart + magic.start(1), at);
        }
        String java = javaView(code);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = jshell().completionSuggestions(java, at, anchor);
        Set<String> options = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> options.add(s.continuation()));
        suggestions.forEach(s -> options.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(options), anchor[0], at);
    }

    DisplayData inspect(String code, int at) {
        String java = javaView(code);
        int end = Math.min(at, java.length());
        while (end < java.length() && Character.isJavaIdentifierPart(java.charAt(end))) {
            end++;
        }
        if (end < java.length() && java.charAt(end) == '(') {
            end++;
        }
        List<Documentation> docs = jshell().documentation(java, end, true);
        if ((docs == null || docs.isEmpty()) && (end == java.length() || java.charAt(end - 1) != '(')) {
            docs = jshell().documentation(java.substring(0, end) + "(", end + 1, true);
        }
        if (docs == null || docs.isEmpty()) {
            return null;
        }
        DisplayData data = new DisplayData(docs.stream().map(Analysis::text).collect(Collectors.joining("\n\n")));
        data.putHTML(docs.stream().map(d -> "<pre>" + escape(d.signature()) + "</pre>"
                        + (d.javadoc() == null ? "" : "<pre>" + escape(d.javadoc()) + "</pre>"))
                .collect(Collectors.joining("<hr>")));
        return data;
    }

    /** The help text for a cell like {@code Math.max?}, or null when the cell is not such a request. */
    String pageFor(String code) {
        Matcher m = HELP.matcher(code.strip());
        if (!m.matches()) {
            return null;
        }
        String target = m.group(1).replace("()", "");
        List<Documentation> docs = jshell().documentation(target + "(", target.length() + 1, true);
        if (docs == null || docs.isEmpty()) {
            docs = jshell().documentation(target, target.length(), true);
        }
        if (docs == null || docs.isEmpty()) {
            return "No documentation found for " + m.group(1);
        }
        return docs.stream().map(Analysis::text).collect(Collectors.joining("\n\n"));
    }

    String isComplete(String code) {
        if (code.isBlank() || code.stripLeading().startsWith("%%")) {
            return BaseKernel.IS_COMPLETE_YES;
        }
        String remaining = javaView(code);
        while (!remaining.isBlank()) {
            CompletionInfo info = jshell().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> {
                    if (jshell().sourceToSnippets(info.source()).stream()
                            .anyMatch(snippet -> snippet.kind() == Snippet.Kind.ERRONEOUS)) {
                        return BaseKernel.IS_COMPLETE_BAD;
                    }
                    remaining = info.remaining();
                }
                case EMPTY -> remaining = "";
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return indent(code);
                }
                default -> {
                    return BaseKernel.IS_COMPLETE_BAD;
                }
            }
        }
        return BaseKernel.IS_COMPLETE_YES;
    }

    /** The cell with its line magics blanked out (same length), so JShell sees only Java at the same offsets. */
    static String javaView(String code) {
        StringBuilder b = new StringBuilder(code.length());
        for (String line : code.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(line.strip().startsWith("%") ? " ".repeat(line.length()) : line);
        }
        return b.toString();
    }

    private static String indent(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '{' || c == '(') {
                depth++;
            } else if (c == '}' || c == ')') {
                depth--;
            }
        }
        return "    ".repeat(Math.max(1, depth));
    }

    private static String text(Documentation doc) {
        return doc.javadoc() == null ? doc.signature() : doc.signature() + "\n" + doc.javadoc();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
