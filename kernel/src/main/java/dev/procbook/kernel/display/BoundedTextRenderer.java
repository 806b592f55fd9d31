package dev.procbook.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * jjava-jupyter's renderer, except that a value no renderer gave a {@code text/plain} form is shown as
 * {@link ValueText} rather than as its whole {@code String.valueOf}, so showing a large value costs little.
 */
public final class BoundedTextRenderer extends Renderer {

    @Override
    protected DisplayData finalizeDisplayData(DisplayData data, Object value) {
        if (!data.hasDataForType(MIMEType.TEXT_PLAIN)) {
            data.putText(ValueText.of(value));
        }
        return data;
    }
}
