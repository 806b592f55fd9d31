package dev.procbook.kernel.jshell;

import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A type as a declaration in a cell can write it: primitives, arrays, and public classes named in full with their
 * type arguments. Null for what source cannot write or a later cell could change: captured and intersection types,
 * the null type, local and anonymous classes, classes that are not public, generic outer classes, and classes of
 * cells (package {@code REPL}, whose names JShell alone tracks across redefinitions).
 */
final class SourceType {

    /** Digits with underscores between them, as javac takes them (a misplaced underscore is javac's to report). */
    private static final String DIGITS = "[0-9][0-9_]*";
    private static final Pattern INTEGER = Pattern.compile(
            "-?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|" + DIGITS + ")([lL]?)");
    private static final String EXPONENT = "(?:[eE][+-]?" + DIGITS + ")";
    private static final Pattern FLOATING = Pattern.compile("-?(?:" + DIGITS + "\\.(?:" + DIGITS + ")?" + EXPONENT + "?"
            + "|\\." + DIGITS + EXPONENT + "?|" + DIGITS + EXPONENT + "|" + DIGITS + "(?=[fFdD]))([fFdD]?)");
    private static final Pattern CHARACTER = Pattern.compile(
            "'(?:[^'\\\\\n]|\\\\(?:[btnfrs\"'\\\\]|[0-7]{1,3}|u+[0-9a-fA-F]{4}))'");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\n]|\\\\.)*\"");

    private SourceType() {
    }

    /**
     * The type of {@code code} when it is one literal, read from its form as javac reads it (JLS 3.10): {@code int}
     * for {@code -3} or {@code 0x1F}, {@code long} for {@code 3L}, {@code double} for {@code 1e3}, {@code float},
     * {@code char}, {@code boolean}, {@code java.lang.String}; null for anything else, comments included. A literal
     * javac rejects (too large, a misplaced underscore) gets a type all the same: javac then reports it.
     */
    static String ofLiteral(String code) {
        String literal = code.strip();
        Matcher integer = INTEGER.matcher(literal);
        if (integer.matches()) {
            return integer.group(1).isEmpty() ? "int" : "long";
        }
        Matcher floating = FLOATING.matcher(literal);
        if (floating.matches()) {
            return floating.group(1).equalsIgnoreCase("f") ? "float" : "double";
        }
        if (CHARACTER.matcher(literal).matches()) {
            return "char";
        }
        if (STRING.matcher(literal).matches()) {
            return "java.lang.String";
        }
        return literal.equals("true") || literal.equals("false") ? "boolean" : null;
    }

    static String of(TypeMirror type) {
        if (type.getKind().isPrimitive()) {
            return type.toString();
        }
        if (type.getKind() == TypeKind.ARRAY) {
            String component = of(((ArrayType) type).getComponentType());
            return component == null ? null : component + "[]";
        }
        if (type.getKind() != TypeKind.DECLARED || !type.getAnnotationMirrors().isEmpty()) {
            return null;
        }
        DeclaredType declared = (DeclaredType) type;
        TypeElement element = (TypeElement) declared.asElement();
        String name = element.getQualifiedName().toString();
        if (!writable(element) || name.startsWith("REPL.") || declared.getEnclosingType().getKind() != TypeKind.NONE
                && !((DeclaredType) declared.getEnclosingType()).getTypeArguments().isEmpty()) {
            return null;
        }
        if (declared.getTypeArguments().isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name).append('<');
        for (TypeMirror argument : declared.getTypeArguments()) {
            String written = argument.getKind() == TypeKind.WILDCARD ? wildcard((WildcardType) argument) : of(argument);
            if (written == null || argument.getKind().isPrimitive()) {
                return null;
            }
            out.append(out.charAt(out.length() - 1) == '<' ? "" : ", ").append(written);
        }
        return out.append('>').toString();
    }

    private static String wildcard(WildcardType wildcard) {
        if (wildcard.getExtendsBound() != null) {
            String bound = of(wildcard.getExtendsBound());
            return bound == null ? null : "? extends " + bound;
        }
        if (wildcard.getSuperBound() != null) {
            String bound = of(wildcard.getSuperBound());
            return bound == null ? null : "? super " + bound;
        }
        return "?";
    }

    /** Whether the class and every class around it are public members or top-level classes. */
    private static boolean writable(TypeElement element) {
        for (Element e = element; e instanceof TypeElement type; e = e.getEnclosingElement()) {
            if (!type.getModifiers().contains(Modifier.PUBLIC) || type.getNestingKind() == NestingKind.LOCAL
                    || type.getNestingKind() == NestingKind.ANONYMOUS) {
                return false;
            }
        }
        return true;
    }
}
