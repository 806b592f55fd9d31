package dev.procbook.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
}
