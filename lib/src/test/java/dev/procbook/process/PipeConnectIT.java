package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.ChannelClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ends of a pipe whose partner is late or never used: nothing waits longer than the connect timeout. */
@ExtendWith(NoLeftovers.class)
@Timeout(120)
class PipeConnectIT {

    @Test
    void sendAndFlushCompleteWhenThePartnerIsNeverUsed() {
        long start = System.nanoTime();
        try (Pipe pipe = Pipe.open(true, Duration.ofSeconds(30))) {
            pipe.a().send("kept");
            pipe.a().sendBytes(new byte[] {1, 2, 3});
            pipe.a().flush();
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "send, flush and close waited");
    }

    @Test
    void receiveFailsAfterTheConnectTimeoutWhenThePartnerIsNeverUsed() {
        try (Pipe pipe = Pipe.open(true, Duration.ofMillis(300))) {
            assertFalse(pipe.a().poll(Duration.ofMillis(50)));
            long start = System.nanoTime();
            PeerNotConnectedException e = assertThrows(PeerNotConnectedException.class, pipe.a()::recv);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 290 && waited < 10_000, "waited " + waited + " ms");
            assertEquals(0, e.end());
            assertEquals(Duration.ofMillis(300), e.timeout());
        }
    }

    @Test
    void sendTooLargeToKeepFailsAfterTheConnectTimeout() {
        try (Pipe pipe = Pipe.open(true, Duration.ofMillis(300))) {
            pipe.a().sendBytes(new byte[1000]);
            assertThrows(PeerNotConnectedException.class,
                    () -> pipe.a().sendBytes(new byte[PipeEnd.PENDING_LIMIT]));
        }
    }

    @Test
    void closingThePipeEndsAReceiveWaitingForThePartner() throws Exception {
        Pipe pipe = Pipe.open(true, Duration.ofSeconds(60));
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(pipe.a()::recv);
        Thread.sleep(200);
        pipe.close();
        Exception e = assertThrows(Exception.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ChannelClosedException || e.getCause() instanceof IllegalStateException,
                "failed with " + e.getCause());
    }

    @Test
    void sendsMadeBeforeThePartnerConnectsArriveInOrder() throws Exception {
        try (Pool pool = Pool.create(1); Pipe pipe = Pipe.open(false)) {
            for (int i = 0; i < 100; i++) {
                pipe.b().send(i);
            }
            pipe.b().flush();
            Connection in = pipe.a();
            List<Integer> got = pool.submit(() -> {
                List<Integer> out = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    out.add((Integer) in.recv());
                }
                return out;
            }).get(60, TimeUnit.SECONDS);
            assertEquals(100, got.size());
            for (int i = 0; i < 100; i++) {
                assertEquals(i, got.get(i));
            }
        }
    }

    @Test
    void remoteReceiveFailsAfterTheConnectTimeoutWhenThePartnerIsNeverUsed() throws Exception {
        try (Pool pool = Pool.create(1); Pipe pipe = Pipe.open(true, Duration.ofMillis(500))) {
            Connection there = pipe.b();
            String outcome = pool.submit(() -> {
                boolean ready = there.poll(Duration.ofMillis(100));
                try {
                    there.recv();
                    return "received";
                } catch (PeerNotConnectedException e) {
                    return ready + " " + e.getClass().getSimpleName();
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals("false PeerNotConnectedException", outcome);
        }
    }
}
