package dev.procbook.kernel.magic;

/** {@code %lsmagic}: lists the line and cell magics, as IPython's does. */
public final class LsmagicMagic implements LineMagic {

    @Override
    public Object run(String args, MagicContext context) {
        StringBuilder b = new StringBuilder("Available line magics:\n");
        context.magics().lineNames().forEach(n -> b.append('%').append(n).append("  "));
        b.append("\n\nAvailable cell magics:\n");
        context.magics().cellNames().forEach(n -> b.append("%%").append(n).append("  "));
        context.out().println(b.toString().strip());
        return null;
    }
}
