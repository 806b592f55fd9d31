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

/**
 * A type as a declaration in a cell can write it: primitives, arrays, and public classes named in full with their
 * type arguments. Null for what source cannot write or a later cell could change: captured and intersection types,
 * the null type, local and anonymous classes, classes that are not public, generic outer classes, and classes of
 * cells (package {@code REPL}, whose names JShell alone tracks across redefinitions).
 */
final class SourceType {

    private SourceType() {
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
