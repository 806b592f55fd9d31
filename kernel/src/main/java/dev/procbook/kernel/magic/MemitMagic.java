package dev.procbook.kernel.magic;

import dev.procbook.memory.Memit;

/**
 * {@code %memit STATEMENT}: runs the statement once and prints the peak RSS of the kernel while it ran and the
 * increment over the RSS before it, as memory_profiler's {@code %memit} does.
 */
public final class MemitMagic implements LineMagic {

    @Override
    public Object run(String args, MagicContext context) {
        if (args.isBlank()) {
            throw new MagicUsageException("%memit", "needs a statement, e.g. %memit new long[10_000_000]");
        }
        Memit.Result result = Memit.measure(() -> context.evalCell(args));
        context.out().println(result);
        return null;
    }
}
