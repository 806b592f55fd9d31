package dev.procbook.kernel.jshell;

/** Thrown when a cell calls {@code System.exit} (or {@code Runtime.exit/halt}), which would end the kernel. */
public final class ExitRefusedException extends RuntimeException {

    private final String call;
    private final int status;

    public ExitRefusedException(String call, int status) {
        super(call + "(" + status + ") refused: it would end the kernel and lose every variable; "
                + "restart the kernel from the front end instead (call=" + call + ", status=" + status + ")");
        this.call = call;
        this.status = status;
    }

    public String call() {
        return call;
    }

    public int status() {
        return status;
    }
}
