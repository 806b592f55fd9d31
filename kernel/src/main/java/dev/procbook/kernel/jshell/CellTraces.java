package dev.procbook.kernel.jshell;

import jdk.jshell.spi.ExecutionControl.UserException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives the frames of an exception thrown by an expression cell the form JShell gives its own: a frame of the cell
 * names the cell's id and line, a frame of a method or class declared by an earlier cell names that snippet and its
 * line, so that {@link UserTrace} shows both as {@code (In [n] line k)}.
 */
final class CellTraces {

    private static final Pattern JSHELL_CLASS = Pattern.compile("^(REPL\\.\\$JShell\\$\\d+[A-Z]*)(\\$.*)?$");

    private final SessionImports imports;
    /** Source lines before the cell's first line in the class compiled from it. */
    int lineOffset;

    CellTraces(SessionImports imports) {
        this.imports = imports;
    }

    /** Rewrites, in place, the frames of {@code e} and its causes; returns it. */
    UserException translated(UserException e, String cellClass, String cellId) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < frames.length; i++) {
                frames[i] = translated(frames[i], cellClass, cellId);
            }
            t.setStackTrace(frames);
        }
        return e;
    }

    private StackTraceElement translated(StackTraceElement frame, String cellClass, String cellId) {
        String type = frame.getClassName();
        if (type.equals(cellClass) || type.startsWith(cellClass + "$")) {
            return new StackTraceElement(type.substring(cellClass.length()).replaceFirst("^\\$", ""),
                    frame.getMethodName(), "#" + cellId, frame.getLineNumber() - lineOffset);
        }
        Matcher jshell = JSHELL_CLASS.matcher(type);
        SessionImports.Declared declared = jshell.matches() ? imports.declaredIn(jshell.group(1)) : null;
        if (declared == null || frame.getLineNumber() < 1) {
            return frame;
        }
        int line = snippetLine(declared, frame.getLineNumber());
        return line < 1 ? frame
                : new StackTraceElement(type, frame.getMethodName(), "#" + declared.snippet().id(), line);
    }

    /** The line of the snippet's own source that line {@code wrappedLine} of its wrapped class holds, or 0. */
    private static int snippetLine(SessionImports.Declared declared, int wrappedLine) {
        String wrapped = declared.wrapper().wrapped();
        int start = 0;
        for (int line = 1; line < wrappedLine; line++) {
            start = wrapped.indexOf('\n', start) + 1;
            if (start == 0) {
                return 0;
            }
        }
        int end = wrapped.indexOf('\n', start);
        String source = declared.snippet().source();
        for (int p = start; p < (end < 0 ? wrapped.length() : end); p++) {
            int s = declared.wrapper().wrappedToSourcePosition(p);
            if (s >= 0 && s <= source.length()) {
                return new CellText(source).lineOf(s);
            }
        }
        return 0;
    }
}
