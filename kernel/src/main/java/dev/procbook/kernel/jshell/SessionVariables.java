package dev.procbook.kernel.jshell;

import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of a JShell session as the kernel reads them: the static field each lives in, read as an object
 * (never as JShell's string form), and JShell's {@code $N} variables, of which only the recent ones are kept.
 */
final class SessionVariables {

    /**
     * How many of JShell's {@code $N} variables stay alive. Each live snippet makes every later compilation slower,
     * and the kernel has read their values already; the recent ones stay usable by name.
     */
    static final int TEMP_VARS_KEPT = 10;

    private final JShell shell;
    private final SessionImports imports;
    private final Map<String, Field> variables = new HashMap<>();
    /** JShell's {@code $N} variables still alive, oldest first: only the last {@link #TEMP_VARS_KEPT} are kept. */
    private final Deque<VarSnippet> tempVars = new ArrayDeque<>();

    SessionVariables(JShell shell, SessionImports imports) {
        this.shell = shell;
        this.imports = imports;
    }

    /** Notes the static field that holds the variable {@code snippet} declared, if it declared one. */
    void remember(Snippet snippet, List<Class<?>> defined) {
        if (!(snippet instanceof VarSnippet var)) {
            return;
        }
        for (Class<?> type : defined) {
            try {
                Field field = type.getDeclaredField(var.name());
                if (Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    variables.put(var.name(), field);
                    return;
                }
            } catch (NoSuchFieldException e) {
                // declared in another of the classes this snippet defined
            }
        }
    }

    /** Drops JShell's oldest {@code $N} variable once more than {@link #TEMP_VARS_KEPT} are alive. */
    void keepRecentTempVars(Snippet snippet) {
        if (!(snippet instanceof VarSnippet var) || var.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || !shell.status(var).isActive()) {
            return;
        }
        tempVars.addLast(var);
        while (tempVars.size() > TEMP_VARS_KEPT) {
            VarSnippet oldest = tempVars.removeFirst();
            if (shell.status(oldest).isActive()) {
                forgetValue(variables.remove(oldest.name()));
                shell.drop(oldest);
                imports.changed();
            }
        }
    }

    /** Lets the value of a dropped {@code $N} go: JShell's class would otherwise hold it for the session. */
    private static void forgetValue(Field field) {
        if (field == null || field.getType().isPrimitive()) {
            return;
        }
        try {
            field.set(null, null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("value not released: variable=" + field.getName(), e);
        }
    }

    /** The value of an expression snippet JShell shows: a {@code $N} or a variable's name alone; else null. */
    Value valueOf(Snippet snippet) {
        String name;
        String type;
        if (snippet instanceof VarSnippet var
                && var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            name = var.name();
            type = var.typeName();
        } else if (snippet instanceof ExpressionSnippet expr
                && expr.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            name = expr.name();
            type = expr.typeName();
        } else {
            return null;
        }
        Field field = variables.get(name);
        if (field == null || "void".equals(type)) {
            return null;
        }
        try {
            return new Value(field.get(null), type);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("value unreadable: variable=" + name, e);
        }
    }
}
