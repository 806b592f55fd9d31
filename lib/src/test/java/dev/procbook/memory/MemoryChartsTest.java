package dev.procbook.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class MemoryChartsTest {

    @Test
    void perProcessChartHasOneLinePerPid() {
        XYChart chart = MemoryCharts.perProcess(MemoryFilesTest.sampleSampling().processes(), "pss");
        assertEquals(2, chart.getSeriesMap().size());
        XYSeries java = chart.getSeriesMap().get("100 java -jar kernel.jar");
        assertArrayEquals(new double[] {1, 2, 3}, java.getYData(), 1e-9);
    }

    @Test
    void stackedSumTopEdgeIsTheTreeTotal() {
        XYChart chart = MemoryCharts.stackedSum(MemoryFilesTest.sampleSampling().processes(), "pss");
        XYSeries top = chart.getSeriesMap().values().iterator().next();
        assertArrayEquals(new double[] {1, 4, 5}, top.getYData(), 1e-9);
        assertEquals(XYSeries.XYSeriesRenderStyle.Area, top.getXYSeriesRenderStyle());
    }

    @Test
    void systemChartShowsFreeAndAvailable() {
        XYChart chart = MemoryCharts.systemMemory(MemoryFilesTest.sampleSampling().system());
        assertEquals(2, chart.getSeriesMap().size());
        assertEquals(5 * 1024.0, chart.getSeriesMap().get("free").getYData()[0], 1e-9);
    }

    @Test
    void unknownMetricIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> MemoryCharts.perProcess(MemoryFilesTest.sampleSampling().processes(), "vsz"));
    }
}
