package dev.procbook.manager;

/** Thrown by {@link Manager#lookup(String)} for a name that no object is bound to in the manager. */
public class NameNotBoundException extends RuntimeException {

    private final String name;

    /** Creates the exception for {@code name}. */
    public NameNotBoundException(String name) {
        super("name not bound: name=" + name);
        this.name = name;
    }

    /** The name looked up. */
    public String name() {
        return name;
    }
}
