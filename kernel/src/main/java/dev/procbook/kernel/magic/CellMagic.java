package dev.procbook.kernel.magic;

/** A magic that owns its cell, {@code %%name args} followed by a body; it returns the cell's value. */
@FunctionalInterface
public interface CellMagic {

    /**
     * Runs the magic on the cell's body.
     *
     * @throws MagicUsageException when {@code args} are not what the magic takes
     */
    Object run(String args, String body, MagicContext context);
}
