package dev.procbook.kernel.magic;

/**
 * {@code %time STATEMENT} and {@code %%time}: runs the code once and prints the CPU and wall time it took, as
 * IPython's {@code %time} does; the value of the code is the magic's value.
 */
public final class TimeMagic implements LineMagic, CellMagic {

    @Override
    public Object run(String args, MagicContext context) {
        if (args.isBlank()) {
            throw new MagicUsageException("%time", "needs a statement, e.g. %time Thread.sleep(100)");
        }
        return timed(args, context);
    }

    @Override
    public Object run(String args, String body, MagicContext context) {
        return timed(body, context);
    }

    private static Object timed(String code, MagicContext context) {
        CpuClock cpuBefore = CpuClock.now();
        long wallBefore = System.nanoTime();
        try {
            return context.evalCell(code);
        } finally {
            long wall = System.nanoTime() - wallBefore;
            CpuClock cpu = CpuClock.now().minus(cpuBefore);
            context.out().println("CPU times: user " + TimeFormat.nanos(cpu.userNanos())
                    + ", sys: " + TimeFormat.nanos(cpu.systemNanos())
                    + ", total: " + TimeFormat.nanos(cpu.userNanos() + cpu.systemNanos()));
            context.out().println("Wall time: " + TimeFormat.nanos(wall));
        }
    }
}
