package dev.procbook.process.wire;

/**
 * A class loader that defines classes compiled from notebook cells, whose static fields hold the cells' top-level
 * variables.
 *
 * <p>What the code of such classes reads of those fields travels, by value, with every object that carries the code
 * to another process (see {@link TopLevelValues}): the values are copied when the object is sent, and assignments in
 * the receiving process stay there, as with Python's cloudpickle and a notebook's globals.
 */
public interface CellClassLoader {

    /** Whether the class named {@code binaryName} was compiled from a cell, rather than read from a jar. */
    boolean isCellClass(String binaryName);

    /** Where the class named {@code binaryName} was defined, for messages, such as {@code "In [3]"}; null if unknown. */
    String cellOf(String binaryName);

    /** A type name as the user wrote it: {@code Particle} for the name of a class the cell compiler wrapped. */
    default String userTypeName(String typeName) {
        return typeName;
    }
}
