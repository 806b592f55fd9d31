package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class GenomeMatrixTest {

    @Test
    void theFileHasTheSeedsShapeAndTheSameBytesEveryTime() throws Exception {
        try (GenomeMatrix genome = GenomeMatrix.write(8)) {
            List<String> lines = Files.readAllLines(genome.file());
            assertEquals(8, lines.size());
            assertEquals(34, lines.get(0).split("\t").length);
            assertEquals("1\t1\t" + GenomeMatrix.letter(0, 0), lines.get(0).substring(0, 5));
            assertEquals("4\t251\t", lines.get(7).substring(0, 6), "chromosome 4, its second position");
            assertEquals(List.of("CHROM", "POS", "REF", "S01"), genome.columnNames().subList(0, 4));
            assertEquals("S31", genome.columnNames().get(33));
            try (GenomeMatrix again = GenomeMatrix.write(8)) {
                assertEquals(lines, Files.readAllLines(again.file()));
            }
        }
    }

    @Test
    void readGivesIntegerPositionsAndTheLettersOfTheHash() {
        try (GenomeMatrix genome = GenomeMatrix.write(12)) {
            Table frame = genome.read();
            assertEquals(12, frame.rowCount());
            assertEquals(ColumnType.INTEGER, frame.column("POS").type());
            assertEquals(ColumnType.STRING, frame.column("S31").type());
            assertArrayEquals(genome.newStringColumn(0), frame.stringColumn("REF").asObjectArray());
            assertArrayEquals(genome.newStringColumn(31), frame.stringColumn("S31").asObjectArray());
        }
    }

    @Test
    void aNewStringColumnSharesNoString() {
        try (GenomeMatrix genome = GenomeMatrix.write(400)) {
            String[] cells = genome.newStringColumn(0);
            assertEquals(400, ObjectSizes.distinctObjects(cells));
            String first = cells[0];
            String same = java.util.Arrays.stream(cells).skip(1).filter(first::equals).findFirst().orElseThrow();
            assertNotSame(first, same);
        }
    }

    @Test
    void closeDeletesTheFileAndItsDirectory() {
        GenomeMatrix genome = GenomeMatrix.write(4);
        Path dir = genome.file().getParent();
        genome.close();
        genome.close();
        assertFalse(Files.exists(dir));
        assertThrows(IllegalStateException.class, genome::read);
    }
}
