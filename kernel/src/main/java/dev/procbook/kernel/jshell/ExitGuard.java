package dev.procbook.kernel.jshell;

/**
 * Stands in for {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in code compiled from cells.
 *
 * <p>{@link ExitCallRewriter} points those calls here. In the kernel, where {@link #refuseExits()} has been
 * called, they throw {@link ExitRefusedException} instead of ending the kernel; in a worker JVM that runs the
 * same class bytes they exit as usual.
 */
public final class ExitGuard {

    private static volatile boolean refusing;

    private ExitGuard() {
    }

    /** Makes every guarded exit in this JVM throw instead of exiting. */
    public static void refuseExits() {
        refusing = true;
    }

    /** Replaces {@code System.exit(status)}. */
    public static void exit(int status) {
        check("System.exit", status);
        System.exit(status);
    }

    /** Replaces {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        check("Runtime.exit", status);
        runtime.exit(status);
    }

    /** Replaces {@code runtime.halt(status)}. */
    public static void runtimeHalt(Runtime runtime, int status) {
        check("Runtime.halt", status);
        runtime.halt(status);
    }

    private static void check(String call, int status) {
        if (refusing) {
            throw new ExitRefusedException(call, status);
        }
    }
}
