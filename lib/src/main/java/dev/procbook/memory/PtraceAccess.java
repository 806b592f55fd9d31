package dev.procbook.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Says why the kernel refused to let this process read another's memory files, from what this process is (its uid
 * and whether it holds {@code CAP_SYS_PTRACE}) and what the other is, so that the hint is true to the caller: root
 * with the capability is not told to get ptrace permission it already has.
 */
final class PtraceAccess {

    /** The bit of {@code CAP_SYS_PTRACE} in the capability sets of {@code /proc/PID/status}. */
    static final int CAP_SYS_PTRACE = 19;
    private static final byte[] UID = "Uid".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CAP_EFF = "CapEff".getBytes(StandardCharsets.US_ASCII);

    private PtraceAccess() {
    }

    /** Why reading the memory files of {@code pid} was refused, looked up in {@code paths}. */
    static String explain(long pid, ProcPaths paths) {
        byte[] self = bytes(paths.selfStatus());
        byte[] target = bytes(paths.status(pid));
        byte[] yama = bytes(paths.yamaPtraceScope());
        long scope = ProcNumbers.decimal(yama, 0, yama.length);
        return explain(pid, realUid(self), hasPtraceCapability(self), realUid(target),
                scope == ProcNumbers.NOT_A_NUMBER ? -1 : (int) scope);
    }

    /** As {@link #explain(long, ProcPaths)} from the figures; -1 stands for a figure that could not be read. */
    static String explain(long pid, long uid, boolean ptraceCapability, long targetUid, int yamaScope) {
        String yama = yamaScope >= 1 ? "Yama ptrace_scope=" + yamaScope + " restricts it further, " : "";
        if (yamaScope == 3) {
            return "Yama ptrace_scope=3 forbids reading any other process's memory files, even as root; only a "
                    + "reboot lowers it";
        }
        if (ptraceCapability) {
            return "this process runs as uid=" + uid + " with CAP_SYS_PTRACE, so ptrace permission is not what is "
                    + "missing: " + yama + "a security module (AppArmor, SELinux) or the sandbox or container this "
                    + "runs in refuses it, or pid " + pid + " lies outside this process's user namespace";
        }
        if (targetUid >= 0 && targetUid != uid) {
            return "pid " + pid + " runs as uid=" + targetUid + " and this process as uid=" + uid
                    + " without CAP_SYS_PTRACE: run as uid " + targetUid + " or root, or grant CAP_SYS_PTRACE";
        }
        return "this process (uid=" + uid + ", no CAP_SYS_PTRACE) was refused: " + yama + "pid " + pid
                + " may be undumpable (setuid, or prctl PR_SET_DUMPABLE 0); CAP_SYS_PTRACE would allow it";
    }

    /** The bytes of {@code file}, or none where it cannot be read: what it would say is then unknown. */
    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The real uid from the lines of a {@code status} file, or -1 if absent. */
    static long realUid(List<String> status) {
        return realUid(ProcText.join(status));
    }

    /** Whether the effective capabilities in the lines of a {@code status} file hold {@code CAP_SYS_PTRACE}. */
    static boolean hasPtraceCapability(List<String> status) {
        return hasPtraceCapability(ProcText.join(status));
    }

    /** The real uid, the first of the four of {@code Uid:}, from the text of a {@code status} file, or -1 if absent. */
    private static long realUid(byte[] status) {
        FieldLines lines = new FieldLines(status, status.length, "status", false);
        while (lines.next()) {
            if (lines.nameEquals(UID)) {
                return lines.firstNumber();
            }
        }
        return -1;
    }

    /** Whether {@code CapEff:}, a hexadecimal mask, holds {@code CAP_SYS_PTRACE}; false if absent. */
    private static boolean hasPtraceCapability(byte[] status) {
        FieldLines lines = new FieldLines(status, status.length, "status", false);
        while (lines.next()) {
            if (lines.nameEquals(CAP_EFF)) {
                try {
                    return (Long.parseUnsignedLong(lines.value(), 16) >>> CAP_SYS_PTRACE & 1) == 1;
                } catch (NumberFormatException e) {
                    throw lines.malformed("expected a hexadecimal capability mask");
                }
            }
        }
        return false;
    }
}
