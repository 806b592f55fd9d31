package dev.procbook.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Registers Procbook's renderers: Tablesaw tables as HTML and text, XChart charts as PNG. */
public final class Renderers {

    private Renderers() {
    }

    /** Adds the renderers to {@code renderer}; images ({@code RenderedImage}) are jjava-jupyter's own. */
    public static void registerAll(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.html(table));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> TableHtml.text(table));
                });
        @SuppressWarnings("rawtypes")
        Class<Chart> chartType = Chart.class;
        renderer.createRegistration(chartType)
                .preferring(MIMEType.IMAGE_PNG)
                .supporting(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
                .register((chart, context) -> {
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> pngBase64(chart));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> describe(chart));
                });
    }

    /** Encodes a chart as base64 PNG, the form Jupyter's {@code image/png} data takes. */
    @SuppressWarnings("rawtypes")
    public static String pngBase64(Chart chart) {
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart,
                    BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("chart could not be encoded: title=" + chart.getTitle(), e);
        }
    }

    @SuppressWarnings("rawtypes")
    private static String describe(Chart chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "untitled" : chart.getTitle();
        return chart.getClass().getSimpleName() + " '" + title + "' (" + chart.getWidth() + "x" + chart.getHeight()
                + ")";
    }

    /** A display bundle holding only text, for messages rendered by the kernel itself. */
    public static DisplayData text(String text) {
        return new DisplayData(text);
    }
}
