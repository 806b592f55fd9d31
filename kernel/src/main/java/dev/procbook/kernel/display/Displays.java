package dev.procbook.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** Publishes displays that can later be updated in place. */
public interface Displays {

    /** Publishes {@code data} as a new display and returns its display id. */
    String show(DisplayData data);

    /** Replaces the content of the display {@code id}. */
    void update(String id, DisplayData data);
}
