package dev.procbook.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The headline figures of the workbook's notebooks, each recorded by the notebook that measured it, kept in one JSON
 * file: {@code $PROCBOOK_HEADLINES}, else {@code $XDG_CACHE_HOME/procbook/headlines.json} (else under
 * {@code ~/.cache}). {@code ./procbook report} points it at {@code build/reports/headlines.json} and runs the tour
 * last, so the tour's map shows the figures of the same run; no figure is typed by hand.
 *
 * <pre>{@code
 * Headlines.record("07-fork-vs-spawn", "Pool(2) + first task, Procbook's archive", 284.0, "ms");
 * Table map = Headlines.table();
 * }</pre>
 */
public final class Headlines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Headlines() {
    }

    /** Where the headlines are kept. */
    public static Path file() {
        String configured = System.getenv("PROCBOOK_HEADLINES");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("procbook").resolve("headlines.json");
    }

    /**
     * Records {@code value} as the figure {@code figure} of {@code notebook}, replacing what was recorded under the
     * same two names; safe between processes.
     *
     * @throws IllegalArgumentException if a name is blank or the value is not finite
     * @throws UncheckedIOException     if the file cannot be written
     */
    @SuppressWarnings("try") // the lock is held by the try block, never read, as in WorkerArchive
    public static void record(String notebook, String figure, double value, String unit) {
        if (notebook == null || notebook.isBlank() || figure == null || figure.isBlank()) {
            throw new IllegalArgumentException("headline needs a notebook and a figure: notebook=" + notebook
                    + ", figure=" + figure);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("headline value not finite: figure=" + figure + ", value=" + value);
        }
        Path file = file();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel lock = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lock.lock()) {
                List<Headline> all = new ArrayList<>(read(file));
                all.removeIf(h -> h.notebook().equals(notebook) && h.figure().equals(figure));
                all.add(new Headline(notebook, figure, value, unit == null ? "" : unit, System.currentTimeMillis()));
                all.sort(Comparator.comparing(Headline::notebook));
                Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), all);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record headline: file=" + file, e);
        }
    }

    /**
     * Every recorded headline, by notebook; empty when none was recorded yet.
     *
     * @throws UncheckedIOException if the file exists but cannot be read as headlines
     */
    public static List<Headline> all() {
        return read(file());
    }

    private static List<Headline> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Headline>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("headlines unreadable: file=" + file, e);
        }
    }

    /** The headlines as a table: notebook, figure, value, unit. */
    public static Table table() {
        List<Headline> all = all();
        return Table.create("Headline figures measured on this machine",
                StringColumn.create("notebook", all.stream().map(Headline::notebook)),
                StringColumn.create("figure", all.stream().map(Headline::figure)),
                DoubleColumn.create("value", all.stream().mapToDouble(Headline::value)),
                StringColumn.create("unit", all.stream().map(Headline::unit)));
    }
}
