package dev.procbook.kernel.magic;

import dev.procbook.kernel.jshell.CompilationFailedException;
import dev.procbook.kernel.jshell.Value;

/**
 * {@code %timeit [-n LOOPS] [-r RUNS] STATEMENT} and {@code %%timeit [-n LOOPS] [-r RUNS]}: times code over many
 * loops as IPython's {@code %timeit} does, compiling it once.
 */
public final class TimeitMagic implements LineMagic, CellMagic {

    private static final String RUNNER = TimeitRunner.class.getName();

    @Override
    public Object run(String args, MagicContext context) {
        Options options = Options.parse("%timeit", args);
        if (options.code().isBlank()) {
            throw new MagicUsageException("%timeit", "needs a statement, e.g. %timeit Math.sqrt(2.0)");
        }
        return measure(options, context);
    }

    @Override
    public Object run(String args, String body, MagicContext context) {
        Options options = Options.parse("%%timeit", args);
        return measure(new Options(options.loops(), options.runs(), body), context);
    }

    private static Object measure(Options options, MagicContext context) {
        String code = options.code().strip();
        String tail = ", " + options.loops() + ", " + options.runs() + ")";
        Value value;
        try {
            if (context.evaluator().isExpression(code)) {
                value = context.evaluator().eval(RUNNER + ".measure(() -> " + RUNNER + ".sink(" + code + ")" + tail,
                        "%timeit");
            } else {
                value = context.evaluator().eval(RUNNER + ".measure(() -> {\n" + withSemicolon(code) + "\n}" + tail,
                        "%timeit");
            }
        } catch (CompilationFailedException e) {
            value = context.evaluator().eval(RUNNER + ".measure(() -> {\n" + withSemicolon(code) + "\n}" + tail,
                    "%timeit");
        }
        TimeitResult result = (TimeitResult) value.object();
        context.out().println(result);
        return null;
    }

    private static String withSemicolon(String code) {
        return code.endsWith(";") || code.endsWith("}") ? code : code + ";";
    }

    /** Parsed options: loops (0 = automatic), runs, and the code after the options. */
    record Options(int loops, int runs, String code) {

        static Options parse(String magic, String args) {
            int loops = 0;
            int runs = 7;
            String rest = args.strip();
            while (rest.startsWith("-n") || rest.startsWith("-r")) {
                String[] parts = rest.split("\\s+", 3);
                if (parts.length < 2) {
                    throw new MagicUsageException(magic, "option " + parts[0] + " needs a number");
                }
                int number;
                try {
                    number = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new MagicUsageException(magic, "option " + parts[0] + " needs a whole number, got: "
                            + parts[1]);
                }
                if (number < 1) {
                    throw new MagicUsageException(magic, "option " + parts[0] + " must be at least 1, got: " + number);
                }
                if (parts[0].equals("-n")) {
                    loops = number;
                } else {
                    runs = number;
                }
                rest = parts.length > 2 ? parts[2] : "";
            }
            return new Options(loops, runs, rest);
        }
    }
}
