package dev.procbook.memory;

import dev.procbook.process.wire.HandleClosedException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A file of the shape of the seed's {@code genome_matrix_final-chr1234-1mb.txt}: tab-separated, no header, columns
 * {@code CHROM} and {@code POS} (integers) and {@code REF}, {@code S01} ... {@code S31} (one of the 20 amino-acid
 * letters each), written in a temporary directory and read back as a Tablesaw table, as {@code pd.read_csv} reads it.
 *
 * <p>The letters come from a fixed 32-bit hash of row and column ({@link #letter}), so every run writes the same
 * bytes, and the same cells can be made again in memory ({@link #newStringColumn}). {@link #close()} deletes the
 * file and its directory.
 * <pre>{@code
 * try (GenomeMatrix genome = GenomeMatrix.write(200_000)) {
 *     Table frame = genome.read();
 * }
 * }</pre>
 */
public final class GenomeMatrix implements AutoCloseable {

    /** The rows of the seed's file. */
    public static final int SEED_ROWS = 4_000_000;
    /** The 20 amino-acid letters. */
    public static final String AMINO = "ACDEFGHIKLMNPQRSTVWY";
    private static final int LETTER_COLUMNS = 32;
    private static final List<String> COLUMNS = names();

    private final Path directory;
    private final Path file;
    private final int rows;
    private boolean closed;

    private GenomeMatrix(Path directory, int rows) {
        this.directory = directory;
        this.file = directory.resolve("genome_matrix.tsv");
        this.rows = rows;
    }

    /**
     * Writes a file of {@code rows} rows in a new temporary directory.
     *
     * @throws IllegalArgumentException if {@code rows} is below 4 (the file has four chromosomes)
     * @throws UncheckedIOException     if it cannot be written
     */
    public static GenomeMatrix write(int rows) {
        if (rows < 4) {
            throw new IllegalArgumentException("too few rows: rows=" + rows + ", minimum=4");
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("procbook-frame-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory for the genome matrix", e);
        }
        GenomeMatrix m = new GenomeMatrix(directory, rows);
        try {
            m.writeRows();
        } catch (IOException e) {
            m.close();
            throw new UncheckedIOException("could not write: file=" + m.file, e);
        }
        return m;
    }

    private void writeRows() throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int r = 0; r < rows; r++) {
                w.write(Integer.toString(1 + r * 4 / rows));
                w.write('\t');
                w.write(Integer.toString(1 + (r % (rows / 4)) * 250));
                for (int c = 0; c < LETTER_COLUMNS; c++) {
                    w.write('\t');
                    w.write(letter(r, c));
                }
                w.write('\n');
            }
        }
    }

    /** The letter of row {@code row}, letter column {@code column} (0 is {@code REF}): a fixed 32-bit hash. */
    public static char letter(long row, int column) {
        long x = (row * 2654435761L + column * 40503L) & 0xFFFFFFFFL;
        x ^= x >>> 13;
        x = (x * 0x5bd1e995L) & 0xFFFFFFFFL;
        x ^= x >>> 15;
        return AMINO.charAt((int) (x % AMINO.length()));
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The number of rows. */
    public int rows() {
        return rows;
    }

    /** The column names: {@code CHROM}, {@code POS}, {@code REF}, {@code S01} ... {@code S31}. */
    public List<String> columnNames() {
        return COLUMNS;
    }

    /**
     * Reads the file as Tablesaw does what {@code pd.read_csv(path, sep='\t', names=...)} does: integer
     * {@code CHROM} and {@code POS}, string columns for the letters.
     *
     * @throws HandleClosedException if the matrix was closed
     * @throws UncheckedIOException  if the file cannot be read
     */
    public Table read() {
        requireOpen();
        ColumnType[] types = new ColumnType[COLUMNS.size()];
        Arrays.fill(types, ColumnType.STRING);
        types[0] = ColumnType.INTEGER;
        types[1] = ColumnType.INTEGER;
        Table t = Table.read().usingOptions(CsvReadOptions.builder(file.toFile()).separator('\t').header(false)
                .columnTypes(types).tableName("gen_matrix_df"));
        for (int i = 0; i < COLUMNS.size(); i++) {
            t.column(i).setName(COLUMNS.get(i));
        }
        return t;
    }

    /**
     * Letter column {@code column} (0 is {@code REF}) as a naive reader builds it: a new one-letter {@code String}
     * per cell, none of them shared.
     *
     * @throws IndexOutOfBoundsException if there is no such letter column
     */
    public String[] newStringColumn(int column) {
        if (column < 0 || column >= LETTER_COLUMNS) {
            throw new IndexOutOfBoundsException("no such letter column: column=" + column + ", columns="
                    + LETTER_COLUMNS);
        }
        String[] cells = new String[rows];
        for (int r = 0; r < rows; r++) {
            cells[r] = new String(new char[] {letter(r, column)});
        }
        return cells;
    }

    /** Deletes the file and its directory; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete: dir=" + directory, e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new HandleClosedException("genome matrix: file=" + file);
        }
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(List.of("CHROM", "POS", "REF"));
        for (int i = 1; i < LETTER_COLUMNS; i++) {
            names.add(String.format("S%02d", i));
        }
        return List.copyOf(names);
    }
}
