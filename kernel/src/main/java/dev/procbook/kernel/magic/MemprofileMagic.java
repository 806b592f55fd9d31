package dev.procbook.kernel.magic;

import dev.procbook.kernel.jshell.CellStatement;
import dev.procbook.memory.LineProfile;
import dev.procbook.memory.MemoryProfiler;

import java.util.Iterator;
import java.util.List;

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
        List<CellStatement> statements = context.evaluator().snippets(body);
        Iterator<CellStatement> next = statements.iterator();
        // MemoryProfiler runs the statements in order, so each source is matched by the next statement
        LineProfile profile = MemoryProfiler.profile(statements.stream().map(CellStatement::source).toList(),
                source -> context.evaluator().eval(next.next(), "%%memprofile"));
        context.out().println(profile.toText());
        return null;
    }
}
