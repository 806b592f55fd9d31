package dev.procbook.kernel.magic;

import dev.procbook.memory.LineProfile;
import dev.procbook.memory.MemoryProfiler;

/**
 * {@code %%memprofile}: runs the cell statement by statement and prints memory_profiler's line-by-line table
 * (Line #, Mem usage, Increment, Line Contents), with the JVM heap in use beside the process RSS.
 */
public final class MemprofileMagic implements CellMagic {

    @Override
    public Object run(String args, String body, MagicContext context) {
        if (!args.isBlank()) {
            throw new MagicUsageException("%%memprofile", "takes no arguments, got: " + args);
        }
        LineProfile profile = MemoryProfiler.profile(context.evaluator().snippets(body),
                statement -> context.evaluator().eval(statement, "%%memprofile"));
        context.out().println(profile.toText());
        return null;
    }
}
