package dev.procbook.kernel.magic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoadMagicTest {

    @RegisterExtension
    static final JShellMagicContext context = new JShellMagicContext(new Magics());

    private final LoadMagic load = new LoadMagic();

    @Test
    void loadRunsTheFileAsACell(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("helpers.jsh"), "int quadruple(int x) { return 4 * x; }\n"
                + "quadruple(3)\n");
        assertEquals(12, ((dev.procbook.kernel.jshell.Value) load.run(script.toString(), context)).object());
    }

    @Test
    void loadOfAMissingFileSaysSoNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jsh");
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> load.run(missing.toString(), context));
        assertEquals("%load: no such file: path=" + missing.toAbsolutePath(), e.getMessage());
    }

    @Test
    void loadOfADirectorySaysItIsADirectory(@TempDir Path dir) {
        MagicUsageException e = assertThrows(MagicUsageException.class, () -> load.run(dir.toString(), context));
        assertEquals("%load: a directory, not a file: path=" + dir.toAbsolutePath(), e.getMessage());
    }
}
