package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code history_reply} as protocol 5.x has it: a {@code status}, and each entry a tuple
 * {@code [session, line, input]} or {@code [session, line, [input, output]]}. jjava-jupyter 1.0-a6 sends neither
 * (it omits the status and serializes entries as objects).
 */
public final class StatusHistoryReply implements ContentType<StatusHistoryReply>, ReplyType<HistoryRequest> {

    @SuppressWarnings("unused") // read by Gson
    private final String status = "ok";
    @SuppressWarnings("unused") // read by Gson
    private final List<List<Object>> history;

    public StatusHistoryReply(List<HistoryEntry> entries) {
        List<List<Object>> tuples = new ArrayList<>(entries.size());
        for (HistoryEntry e : entries) {
            Object io = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
            tuples.add(List.of(e.getSession(), e.getCellNumber(), io));
        }
        this.history = tuples;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MessageType<StatusHistoryReply> getType() {
        return (MessageType<StatusHistoryReply>) (MessageType<?>) MessageType.HISTORY_REPLY;
    }

    @Override
    public MessageType<HistoryRequest> getRequestType() {
        return MessageType.HISTORY_REQUEST;
    }
}
