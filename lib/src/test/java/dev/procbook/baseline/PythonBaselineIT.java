package dev.procbook.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The project's own Python baseline run for real with Debian's Python, as notebooks run it. */
@Timeout(300)
class PythonBaselineIT {

    @Test
    void theProjectsPoolStartBaselineRunsAndLeavesNoChild() {
        List<Figure> figures = PythonBaseline.run("pool_start.py", "--quick");
        assertTrue(figures.stream().anyMatch(f -> f.bench().equals("pool_start.spawn.pool2_create_first_task")
                && f.value() > 0), figures.toString());
        assertEquals(0, figures.stream().filter(f -> f.metric().equals("leftover_children"))
                .findFirst().orElseThrow().value());
    }

    @Test
    void objectSizesPrintsThisPythonsSizesAndVersion() {
        BaselineOutput out = PythonBaseline.output("object_sizes.py");
        assertTrue(out.fact("python_version").matches("3\\.\\d+\\.\\d+.*"), out.fact("python_version"));
        assertEquals(8, out.value("pointer"), "a 64-bit Python");
        assertTrue(out.value("getsizeof_str_T") > out.value("getsizeof_int_42"), out::toString);
    }

    @Test
    void framePandasReportsTheFrameOfAFile(@TempDir Path dir) throws Exception {
        assumeTrue(PythonBaseline.hasModules("pandas", "psutil"), "no pandas or psutil for " + PythonBaseline.python());
        Path tsv = Files.writeString(dir.resolve("frame.tsv"), "1\t1\tA\tC\n1\t251\tA\tA\n2\t1\tC\tA\n");
        BaselineOutput out = PythonBaseline.output("frame_pandas.py", tsv.toString(), "CHROM,POS,REF,S01");
        assertEquals("int64(2), object(2)", out.fact("dtypes"));
        assertEquals(2, out.value("distinct_values"), "A and C in REF");
        assertEquals(3 * 8, out.value("column_shallow"), "a pointer a cell");
        assertTrue(out.value("deep") > out.value("shallow"), out::toString);
    }

    @Test
    void modulesAreFoundOrNot() {
        assertTrue(PythonBaseline.hasModules("json", "struct"));
        assertFalse(PythonBaseline.hasModules("json", "procbook_no_such_module"));
    }
}
