package dev.procbook.manager;

/**
 * Thrown, in the manager, by a namespace proxy's {@code call}, {@code get} or {@code set} that names no method or
 * field of the object fitting the arguments, or a field that cannot be set (final).
 */
public class MemberAccessException extends RuntimeException {

    private final String type;
    private final String member;

    /** Creates the exception for {@code member} of {@code type}, saying why. */
    public MemberAccessException(String type, String member, String reason) {
        super("member not accessible: type=" + type + ", member=" + member + ", reason=" + reason);
        this.type = type;
        this.member = member;
    }

    /** The object's class, as the user wrote it. */
    public String type() {
        return type;
    }

    /** The member asked for. */
    public String member() {
        return member;
    }
}
