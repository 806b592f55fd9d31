package dev.procbook.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * The floor under the kernel's declaration cells: a bare JShell, as {@code jshell} starts it (its default imports,
 * the local execution engine, no kernel), evaluating the same cells in this process, without a message or a
 * display. Declarations stay in JShell (issue #15), so the kernel cannot declare faster than this plus its
 * protocol's round trip of an empty cell. Prints one JSON line a cell, as the kernel bench does:
 * {@code {"bench":"kernel_latency","kernel":"floor","metric":"jshell_eval_median[declare]",...}}.
 *
 * <p>usage: {@code java -cp procbook-bench.jar dev.procbook.bench.CellFloor REPEATS LABEL=CELL...}
 */
public final class CellFloor {

    /** The imports {@code jshell} starts with (its {@code DEFAULT} start-up). */
    private static final String IMPORTS = """
            import java.io.*; import java.math.*; import java.net.*; import java.nio.file.*; import java.util.*;
            import java.util.concurrent.*; import java.util.function.*; import java.util.prefs.*;
            import java.util.regex.*; import java.util.stream.*;""";
    private static final int WARM_ROUNDS = 60;

    private CellFloor() {
    }

    public static void main(String[] args) {
        int repeats = Integer.parseInt(args[0]);
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            for (String i : IMPORTS.split(";")) {
                if (!i.isBlank()) {
                    eval(shell, i.strip() + ";");
                }
            }
            // every cell warmed first, in turn, as the kernel's are by the bench's "first" rounds
            for (int i = 0; i < WARM_ROUNDS; i++) {
                for (int a = 1; a < args.length; a++) {
                    eval(shell, args[a].substring(args[a].indexOf('=') + 1));
                }
            }
            for (int a = 1; a < args.length; a++) {
                String label = args[a].substring(0, args[a].indexOf('='));
                String cell = args[a].substring(args[a].indexOf('=') + 1);
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < repeats; i++) {
                    long start = System.nanoTime();
                    eval(shell, cell);
                    millis.add((System.nanoTime() - start) / 1e6);
                }
                Collections.sort(millis);
                System.out.printf(Locale.ROOT, "{\"bench\": \"kernel_latency\", \"kernel\": \"floor\", \"metric\": "
                        + "\"jshell_eval_median[%s]\", \"value\": %.3f, \"unit\": \"ms\"}%n", label,
                        millis.get(millis.size() / 2));
            }
        }
    }

    /** Evaluates {@code cell}, dropping a temporary {@code $N} as the kernel does, so none piles up. */
    private static void eval(JShell shell, String cell) {
        for (SnippetEvent e : shell.eval(cell)) {
            if (e.status() == Snippet.Status.REJECTED) {
                throw new IllegalArgumentException("JShell rejected the cell: cell=" + cell);
            }
            if (e.exception() != null) {
                throw new IllegalStateException("the cell threw: cell=" + cell, e.exception());
            }
            if (e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                shell.drop(e.snippet());
            }
        }
    }
}
