package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The date in the header of a message the kernel sends: when it is sent, to the microsecond, as IPython's session
 * writes it.
 *
 * <p>jjava-jupyter writes the date to the minute ({@code 2026-11-30T06:31+0000}), so jupyter_client does not read it
 * as a date, and a cell's timing that nbclient records in the notebook, or that JupyterLab shows, comes out empty or
 * in whole minutes; and it takes the date when it makes a message, which for the idle status that ends a request is
 * when the request began. The channels the kernel binds send every message through {@link #precise}, which writes
 * {@code 2026-11-30T06:31:04.739089Z}.
 */
final class MessageDates {

    private MessageDates() {
    }

    /** {@code message} with the date of now in its header. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Message<?> precise(Message<?> message) {
        Header<?> h = message.getHeader();
        String date = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MICROS));
        Header header = new Header(h.getId(), h.getUsername(), h.getSessionId(), new KernelTimestamp(date),
                h.getType(), h.getVersion());
        return new Message(message.getIdentities(), header, message.getParentHeader(), message.getMetadata(),
                message.getContent(), message.getBlobs());
    }
}
