package dev.procbook.kernel.magic;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The line and cell magics a kernel knows, by name. */
public final class Magics {

    private final Map<String, LineMagic> lineMagics = new TreeMap<>();
    private final Map<String, CellMagic> cellMagics = new TreeMap<>();

    /** Registers {@code %name}; returns this registry. */
    public Magics line(String name, LineMagic magic) {
        lineMagics.put(name, magic);
        return this;
    }

    /** Registers {@code %%name}; returns this registry. */
    public Magics cell(String name, CellMagic magic) {
        cellMagics.put(name, magic);
        return this;
    }

    /**
     * Returns {@code %name}.
     *
     * @throws MagicUsageException naming the known line magics when there is no such magic
     */
    public LineMagic line(String name) {
        LineMagic magic = lineMagics.get(name);
        if (magic == null) {
            throw new MagicUsageException("%" + name, "unknown line magic; known: " + list("%", lineMagics.keySet())
                    + "; cell magics: " + list("%%", cellMagics.keySet()));
        }
        return magic;
    }

    /**
     * Returns {@code %%name}.
     *
     * @throws MagicUsageException naming the known cell magics when there is no such magic
     */
    public CellMagic cell(String name) {
        CellMagic magic = cellMagics.get(name);
        if (magic == null) {
            throw new MagicUsageException("%%" + name, "unknown cell magic; known: " + list("%%", cellMagics.keySet())
                    + "; line magics: " + list("%", lineMagics.keySet()));
        }
        return magic;
    }

    public Set<String> lineNames() {
        return lineMagics.keySet();
    }

    public Set<String> cellNames() {
        return cellMagics.keySet();
    }

    private static String list(String prefix, Set<String> names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append(b.length() == 0 ? "" : " ").append(prefix).append(n);
        }
        return b.length() == 0 ? "(none)" : b.toString();
    }
}
