package dev.procbook.kernel.jshell;

/** The value of a cell's trailing expression: the object itself (possibly null) and its static type. */
public record Value(Object object, String typeName) {
}
