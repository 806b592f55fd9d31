package dev.procbook.kernel.magic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MagicsTest {

    @Test
    void unknownMagicNamesEveryKnownOne() {
        Magics magics = new Magics().line("time", (a, c) -> null).cell("time", (a, b, c) -> null)
                .line("load", (a, c) -> null);
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> magics.line("tim"));
        assertEquals("%tim: unknown line magic; known: %load %time; cell magics: %%time", e.getMessage());
        MagicUsageException cell = assertThrows(MagicUsageException.class, () -> magics.cell("load"));
        assertEquals("%%load: unknown cell magic; known: %%time; line magics: %load %time", cell.getMessage());
    }
}
