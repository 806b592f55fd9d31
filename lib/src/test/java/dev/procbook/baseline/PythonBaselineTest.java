package dev.procbook.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class PythonBaselineTest {

    @Test
    void numericFiguresAreReadInOrderAndWordsAreSkipped() {
        List<Figure> figures = PythonBaseline.parse("x.py", """
                {"bench": "pipe_queue", "impl": "python", "metric": "config_start_method", "value": "fork", "unit": "name"}
                {"bench": "pipe_queue.small.bytes64.pipe", "metric": "throughput_median", "value": 227979.0, "unit": "msgs/s"}

                {"bench": "pipe_queue", "metric": "leftover_children", "value": 0, "unit": "count"}
                """);
        assertEquals(List.of(new Figure("pipe_queue.small.bytes64.pipe", "throughput_median", 227979.0, "msgs/s"),
                new Figure("pipe_queue", "leftover_children", 0, "count")), figures);
        assertEquals(2, PythonBaseline.table("python", figures).rowCount());
    }

    @Test
    void wordsAreKeptAsFactsBesideTheFigures() {
        BaselineOutput out = PythonBaseline.parseOutput("frame_pandas.py", """
                {"bench": "frame_pandas", "impl": "python", "metric": "pandas_version", "value": "1.5.3", "unit": "version"}
                {"bench": "frame_pandas", "impl": "python", "metric": "deep", "value": 396, "unit": "B"}
                """);
        assertEquals("1.5.3", out.fact("pandas_version"));
        assertEquals(396, out.value("deep"));
        assertEquals(List.of(new Figure("frame_pandas", "deep", 396, "B")), out.figures());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> out.value("shallow"));
        assertEquals("no figure: metric=shallow, script=frame_pandas.py", e.getMessage());
        assertThrows(NoSuchElementException.class, () -> out.fact("deep"));
    }

    @Test
    void aMetricPrintedUnderTwoBenchesIsNotAValue() {
        BaselineOutput out = PythonBaseline.parseOutput("x.py", """
                {"bench": "a", "metric": "m", "value": 1}
                {"bench": "b", "metric": "m", "value": 2}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> out.value("m"));
        assertTrue(e.getMessage().contains("benches=[a, b]"), e.getMessage());
    }

    @Test
    void aFigureIsFoundByBenchAndMetricAndAMissingOneIsNotReadAsZero() {
        List<Figure> figures = List.of(new Figure("manager_proxy.1client.autoproxy.inc", "rtt_median", 15.9, "us"),
                new Figure("manager_proxy.1client.autoproxy.inc", "rtt_p99", 40.2, "us"));
        assertEquals(40.2, Figure.valueOf(figures, "manager_proxy.1client.autoproxy.inc", "rtt_p99"));
        java.util.NoSuchElementException e = assertThrows(java.util.NoSuchElementException.class,
                () -> Figure.valueOf(figures, "manager_proxy.1client.autoproxy.inc", "calls_per_s"));
        assertTrue(e.getMessage().contains("metric=calls_per_s"), e.getMessage());
    }

    @Test
    void aLineThatIsNotJsonIsNamedByItsNumber() {
        BaselineFailedException e = assertThrows(BaselineFailedException.class,
                () -> PythonBaseline.parse("x.py", "{\"bench\": \"a\", \"metric\": \"m\", \"value\": 1}\nTraceback\n"));
        assertTrue(e.getMessage().contains("line=2"), e.getMessage());
        assertEquals("x.py", e.script());
    }

    @Test
    void aMissingBaselineIsNamed() {
        BaselineFailedException e = assertThrows(BaselineFailedException.class,
                () -> PythonBaseline.run("no_such_baseline.py"));
        assertTrue(e.getMessage().contains("no bench/python/no_such_baseline.py"), e.getMessage());
    }
}
