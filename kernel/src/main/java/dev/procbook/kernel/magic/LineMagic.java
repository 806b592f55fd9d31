package dev.procbook.kernel.magic;

/** A magic written on one line, {@code %name args}; what it returns is rendered like an expression's value. */
@FunctionalInterface
public interface LineMagic {

    /**
     * Runs the magic.
     *
     * @throws MagicUsageException when {@code args} are not what the magic takes
     */
    Object run(String args, MagicContext context);
}
