package dev.procbook.process.wire;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * Java serialization that lets records travel without {@code implements Serializable} (see {@link RecordForm}) and
 * notes, for each encoding, the cell code met on the way (see {@link CellCode}), whose top-level variables travel
 * with it.
 */
class CellObjectOutputStream extends ObjectOutputStream {

    private CellCode.Roots roots;

    CellObjectOutputStream(OutputStream out) throws IOException {
        super(out);
        enableReplaceObject(true);
    }

    /** Where the next objects written note their cell code; null to note nothing. */
    void noteInto(CellCode.Roots roots) {
        this.roots = roots;
    }

    @Override
    protected Object replaceObject(Object obj) {
        if (roots != null) {
            roots.object(obj);
        }
        return RecordForm.replace(obj);
    }
}
