package dev.procbook.memory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Shallow and deep sizes of Java objects, measured with JOL, like Python's {@code sys.getsizeof} and pympler's
 * {@code asizeof}.
 *
 * <p>What JOL needs on JDK 17: with {@code -Djdk.attach.allowAttachSelf=true} it attaches itself as an agent and
 * uses {@code Instrumentation.getObjectSize}, the JVM's own answer. Without it, this class tells JOL not to try
 * and JOL computes sizes from field offsets via {@code Unsafe}, which gives the same figures on HotSpot; because
 * {@code Unsafe} refuses the fields of hidden classes (lambdas, which Tablesaw columns hold), JOL is told to find
 * offsets its own way ({@code jol.magicFieldOffset}). It also tells JOL not to attach the Serviceability Agent,
 * which would need ptrace; sizes do not need it. Settings given on the command line win, and the
 * "# WARNING" lines JOL prints at start-up are kept in {@link #jolMessages()} instead of the output.
 */
public final class ObjectSizes {

    private static final String JOL_MESSAGES = initialiseJol();

    private ObjectSizes() {
    }

    /** Returns the size in bytes of {@code o} itself, without the objects it references; 0 for null. */
    public static long shallow(Object o) {
        return o == null ? 0 : VM.current().sizeOf(o);
    }

    /** Returns the size in bytes of {@code o} and every object reachable from it, each counted once; 0 for null. */
    public static long deep(Object o) {
        return o == null ? 0 : GraphLayout.parseInstance(o).totalSize();
    }

    /**
     * Returns the total size in bytes of the given roots and everything reachable from them, each counted once.
     *
     * <p>Named apart from {@link #deep(Object)} so that an array passed alone is measured as one object.
     */
    public static long deepOfAll(Object... roots) {
        return roots.length == 0 ? 0 : GraphLayout.parseInstance(roots).totalSize();
    }

    /**
     * Returns how many distinct objects {@code cells} holds, told apart by identity, not by {@code equals}: what
     * Python's {@code len({id(x) for x in column})} counts.
     */
    public static int distinctObjects(Object[] cells) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(Arrays.asList(cells));
        return seen.size();
    }

    /** Returns what JOL printed while starting ({@code # WARNING: ...} lines), kept out of the notebook's output. */
    public static String jolMessages() {
        return JOL_MESSAGES;
    }

    /** Returns JOL's table of the classes reachable from {@code o}: count, total size and class, like pympler. */
    public static String footprint(Object o) {
        return GraphLayout.parseInstance(o).toFootprint();
    }

    /** Returns JOL's field-by-field layout of {@code o}'s class: header, offsets, padding. */
    public static String layout(Object o) {
        return ClassLayout.parseInstance(o).toPrintable();
    }

    /**
     * Starts JOL with quiet settings and keeps its start-up notes out of stdout and stderr.
     *
     * <p>JOL prints "# WARNING" lines from {@code VM.current()} whichever way it falls back; while it starts, lines
     * that other threads print and that do not start with {@code #} are passed on.
     */
    private static String initialiseJol() {
        if (!Boolean.getBoolean("jdk.attach.allowAttachSelf")) {
            setIfAbsent("jol.skipDynamicAttach", "true");
            setIfAbsent("jol.magicFieldOffset", "true");
        }
        setIfAbsent("jol.skipHotspotSAAttach", "true");
        synchronized (System.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
            try {
                System.setOut(capture);
                System.setErr(capture);
                VM.current();
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
            StringBuilder notes = new StringBuilder();
            for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#")) {
                    notes.append(line).append('\n');
                } else if (!line.isEmpty()) {
                    out.println(line);
                }
            }
            return notes.toString();
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
