package dev.procbook.process.wire;

/**
 * Thrown when a top-level variable that code from a cell reads cannot travel with that code to another process;
 * names the variable, its type and the cell that declared it, and says what to do.
 */
public final class TopLevelValueException extends NotSerializableObjectException {

    private final String variable;
    private final String type;
    private final String cell;

    /** Creates the exception for {@code variable} of {@code type}, declared in {@code cell}, whose value failed. */
    public TopLevelValueException(String variable, String type, String cell, NotSerializableObjectException cause) {
        super(cause.className(), "top-level variable cannot be sent: variable=" + variable + ", type=" + type
                + ", cell=" + (cell == null ? "unknown" : cell) + ", not serializable: class=" + cause.className()
                + "; make " + simpleName(cause.className()) + " Serializable (or a record), or pass the value as an"
                + " argument of the task", cause);
        this.variable = variable;
        this.type = type;
        this.cell = cell;
    }

    private static String simpleName(String className) {
        int cut = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return className.substring(cut + 1);
    }

    /** The variable's name. */
    public String variable() {
        return variable;
    }

    /** The variable's declared type, as the user wrote it. */
    public String type() {
        return type;
    }

    /** The cell that declared the variable, such as {@code "In [3]"}, or null if unknown. */
    public String cell() {
        return cell;
    }
}
