package dev.procbook.kernel.magic;

import dev.procbook.memory.Mprof;

import java.time.Duration;

/**
 * {@code %%mprof [--interval MS]}: samples the memory of the kernel's process tree (workers included) while the
 * cell runs, then shows the chart and returns the samples as a table, like {@code mprof run --include-children}
 * followed by {@code mprof plot}.
 */
public final class MprofMagic implements CellMagic {

    private static final long DEFAULT_INTERVAL_MILLIS = 100;

    private final java.util.function.Consumer<Object> display;

    /** {@code display} shows the chart in the cell's output. */
    public MprofMagic(java.util.function.Consumer<Object> display) {
        this.display = display;
    }

    @Override
    public Object run(String args, String body, MagicContext context) {
        Mprof.Result result = Mprof.run(() -> context.evalCell(body), Duration.ofMillis(interval(args)));
        display.accept(result.chart());
        return result.sampling().processes();
    }

    static long interval(String args) {
        String[] words = args.strip().split("\\s+");
        if (args.isBlank()) {
            return DEFAULT_INTERVAL_MILLIS;
        }
        if (words.length != 2 || !words[0].equals("--interval")) {
            throw new MagicUsageException("%%mprof", "takes only --interval MS, got: " + args);
        }
        try {
            long millis = Long.parseLong(words[1]);
            if (millis < 1) {
                throw new NumberFormatException();
            }
            return millis;
        } catch (NumberFormatException e) {
            throw new MagicUsageException("%%mprof", "--interval needs a whole number of milliseconds >= 1, got: "
                    + words[1]);
        }
    }
}
