package dev.procbook.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellRunnerTest {

    @Test
    void javaRunsAndLineMagicsAlternateKeepingLineNumbers() {
        List<CellRunner.Part> parts = CellRunner.parts("int a = 1;\n%time a + 1\nint b = 2;\nb");
        assertEquals(List.of(
                new CellRunner.Part(false, "int a = 1;\n", 1),
                new CellRunner.Part(true, "time a + 1", 2),
                new CellRunner.Part(false, "int b = 2;\nb\n", 3)), parts);
    }

    @Test
    void aCellOfOnlyAMagicIsOnePart() {
        assertEquals(List.of(new CellRunner.Part(true, "lsmagic", 1)), CellRunner.parts("  %lsmagic  "));
    }
}
