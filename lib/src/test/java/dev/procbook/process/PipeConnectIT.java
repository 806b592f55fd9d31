package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.ChannelClosedException;
import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.testing.Await;
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

    /** Were send, flush or close to wait for the partner, the hour would outlast the test's timeout. */
    @Test
    @Timeout(60)
    void sendAndFlushCompleteWhenThePartnerIsNeverUsed() {
        try (Pipe pipe = Pipe.open(true, Duration.ofHours(1))) {
            pipe.a().send("kept");
            pipe.a().sendBytes(new byte[] {1, 2, 3});
            pipe.a().flush();
        }
    }

    @Test
    void receiveFailsAfterTheConnectTimeoutWhenThePartnerIsNeverUsed() {
        try (Pipe pipe = Pipe.open(true, Duration.ofMillis(300))) {
            assertFalse(pipe.a().poll(Duration.ofMillis(50)));
            PeerNotConnectedException e = assertThrows(PeerNotConnectedException.class, pipe.a()::recv);
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
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread receiver = new Thread(() -> {
            try {
                failure.complete(new AssertionError("recv returned " + pipe.a().recv()));
            } catch (Throwable t) {
                failure.complete(t);
            }
        }, "test-receiver");
        receiver.start();
        Await.blockedIn(receiver, "recv");
        pipe.close();
        Throwable t = failure.get(30, TimeUnit.SECONDS);
        assertInstanceOf(ChannelClosedException.class, t, () -> "failed with " + t);
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

    @Test
    void aClosedEndIsAClosedHandleAndAOneWayEndRefusesTheOtherDirection() {
        try (Pipe oneWay = Pipe.open(false)) {
            UnsupportedOperationException wrong = assertThrows(UnsupportedOperationException.class,
                    () -> oneWay.a().send("to the receiving end"));
            assertEquals("connection is read-only: pipe=" + ((PipeEnd) oneWay.a()).pipeId() + ", end=0",
                    wrong.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> oneWay.b().recv());
        }
        Pipe pipe = Pipe.open();
        pipe.close();
        HandleClosedException closed = assertThrows(HandleClosedException.class, () -> pipe.a().send("late"));
        assertTrue(closed.handle().startsWith("connection: pipe="), closed.getMessage());
    }
}
