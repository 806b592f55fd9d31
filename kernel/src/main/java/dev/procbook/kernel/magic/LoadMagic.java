package dev.procbook.kernel.magic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code %load FILE}: runs a file of Java (JShell) code, magics included, as if it were the cell. */
public final class LoadMagic implements LineMagic {

    @Override
    public Object run(String args, MagicContext context) {
        if (args.isBlank()) {
            throw new MagicUsageException("%load", "needs a file, e.g. %load helpers.jsh");
        }
        Path file = Path.of(args.strip());
        if (Files.isDirectory(file)) {
            throw new MagicUsageException("%load", "a directory, not a file: path=" + file.toAbsolutePath());
        }
        if (!Files.isRegularFile(file)) {
            throw new MagicUsageException("%load", "no such file: path=" + file.toAbsolutePath());
        }
        try {
            return context.evalCell(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("file unreadable: path=" + file.toAbsolutePath(), e);
        }
    }
}
