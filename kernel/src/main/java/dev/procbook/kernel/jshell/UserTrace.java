package dev.procbook.kernel.jshell;

import jdk.jshell.EvalException;
import jdk.jshell.spi.ExecutionControl.UserException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Formats the stack trace of an exception thrown by cell code, keeping only the user's frames. */
final class UserTrace {

    private static final Pattern WRAPPER = Pattern.compile("^REPL\\.\\$JShell\\$\\d+[A-Z]*\\$?");

    private UserTrace() {
    }

    /**
     * Lines like {@code "    at divide(In [3] line 2)"}, with {@code "Caused by: ..."} sections, for what JShell
     * reported ({@link EvalException}) or the expression path did ({@link UserException}, see {@link CellTraces}).
     */
    static List<String> of(Throwable exception, Map<String, SnippetOrigin> snippetOrigins) {
        List<String> lines = new ArrayList<>();
        Throwable current = exception;
        boolean first = true;
        while (current != null) {
            if (!first) {
                String name = current instanceof EvalException e ? e.getExceptionClassName()
                        : current instanceof UserException u ? u.causeExceptionClass() : current.getClass().getName();
                lines.add("Caused by: " + name + (current.getMessage() == null ? "" : ": " + current.getMessage()));
            }
            for (StackTraceElement frame : current.getStackTrace()) {
                if (isMachinery(frame)) {
                    break;
                }
                lines.add("    at " + describe(frame, snippetOrigins));
            }
            first = false;
            current = current.getCause();
        }
        return lines;
    }

    private static boolean isMachinery(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.jshell.") || c.startsWith("jdk.internal.reflect.")
                || c.startsWith("java.lang.reflect.Method");
    }

    /**
     * JShell reports a cell's frames with an empty or stripped class name and the snippet id as file name
     * ({@code "#12"}); these become {@code "method (In [3] line 2)"}.
     */
    private static String describe(StackTraceElement frame, Map<String, SnippetOrigin> origins) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#")) {
            return frame.toString();
        }
        String type = WRAPPER.matcher(frame.getClassName()).replaceFirst("");
        String method = frame.getMethodName().isEmpty() || frame.getMethodName().equals("do_it$")
                ? "<cell>" : frame.getMethodName();
        String where = type.isEmpty() ? method : type + "." + method;
        SnippetOrigin origin = origins.get(file.substring(1));
        if (origin == null) {
            return where + "(snippet " + file + ", line " + frame.getLineNumber() + ")";
        }
        return where + " (" + origin.label() + " line " + (origin.firstLine() + frame.getLineNumber() - 1) + ")";
    }
}
