package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;

import java.util.List;
import java.util.Map;

/**
 * A successful {@code execute_reply} that carries payloads, such as the {@code page} payload that asks the
 * front end to show text in its pager.
 */
public final class PayloadExecuteReply extends ExecuteReply {

    @SuppressWarnings("unused") // read by Gson
    private final List<Map<String, Object>> payload;

    public PayloadExecuteReply(int executionCount, List<Map<String, Object>> payload) {
        super(executionCount, Map.of());
        this.payload = List.copyOf(payload);
    }

    /** A {@code page} payload showing {@code data} (a MIME bundle) from line {@code start}. */
    public static Map<String, Object> page(Map<String, Object> data, int start) {
        return Map.of("source", "page", "data", data, "start", start);
    }
}
