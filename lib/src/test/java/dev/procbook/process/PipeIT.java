package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.WaitInterruptedException;
import dev.procbook.testing.Await;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftovers.class)
@Timeout(180)
class PipeIT {

    @Test
    void objectsAndBytesRoundTripThroughWorker() throws Exception {
        try (Pool pool = Pool.create(1); Pipe pipe = Pipe.open()) {
            Connection there = pipe.b();
            CompletableFuture<Integer> echo = pool.submit(() -> {
                int n = 0;
                for (Object o = there.recv(); !"stop".equals(o); o = there.recv(), n++) {
                    there.send(o);
                }
                there.sendBytes(new byte[] {7, 8, 9});
                return n;
            });
            Connection here = pipe.a();
            Map<String, List<Integer>> map = new HashMap<>(Map.of("k", List.of(1, 2)));
            here.send(map);
            here.send(new byte[] {1, 2});
            assertEquals(map, here.recv());
            assertArrayEquals(new byte[] {1, 2}, (byte[]) here.recv());
            assertFalse(here.poll(Duration.ofMillis(50)));
            here.send("stop");
            assertTrue(here.poll(Duration.ofSeconds(30)));
            assertArrayEquals(new byte[] {7, 8, 9}, here.recvBytes());
            assertEquals(2, echo.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void millionMessagesArriveInOrderWithNoneLost() throws Exception {
        int count = 1_000_000;
        try (Pool pool = Pool.create(1); Pipe pipe = Pipe.open(false)) {
            Connection out = pipe.b();
            CompletableFuture<Integer> producer = pool.submit(() -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                for (int i = 0; i < count; i++) {
                    out.sendBytes(b.putInt(0, i).array());
                }
                out.close();
                return count;
            });
            Connection in = pipe.a();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                byte[] m = in.recvBytes();
                assertEquals(64, m.length);
                if (ByteBuffer.wrap(m).getInt() != i) {
                    assertEquals(i, ByteBuffer.wrap(m).getInt(), "message out of order");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pipe 64 B one-way: %.0f msgs/s%n", count / seconds);
            assertEquals(count, producer.get(60, TimeUnit.SECONDS));
            assertThrows(dev.procbook.process.wire.ChannelClosedException.class, in::recvBytes);
        }
    }

    @Test
    void interruptEndsRecvOnAPipeThatDeliveredAMessageAndThePipeGoesOn() throws Exception {
        try (Pool pool = Pool.create(1); Pipe pipe = Pipe.open()) {
            Connection there = pipe.b();
            CompletableFuture<Integer> echo = pool.submit(() -> {
                there.send("y");
                there.flush();
                there.send("after " + there.recv());
                there.flush();
                return 0;
            });
            Connection here = pipe.a();
            assertEquals("y", here.recv());
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread receiver = new Thread(() -> {
                try {
                    thrown.complete(new AssertionError("recv returned " + here.recv()));
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            }, "test-receiver");
            receiver.start();
            Await.blockedIn(receiver, "awaitReadable");
            receiver.interrupt();
            assertInstanceOf(WaitInterruptedException.class, thrown.get(30, TimeUnit.SECONDS));
            here.send("ping");
            assertEquals("after ping", here.recv());
            assertEquals(0, echo.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void largePayloadArrivesIntact() throws Exception {
        int size = 64 << 20;
        try (Pool pool = Pool.create(1); Pipe pipe = Pipe.open()) {
            Connection there = pipe.b();
            CompletableFuture<Long> sum = pool.submit(() -> {
                byte[] got = there.recvBytes();
                long s = 0;
                for (byte x : got) {
                    s += x;
                }
                there.sendBytes(got);
                return s;
            });
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) 3);
            payload[size - 1] = 5;
            long start = System.nanoTime();
            pipe.a().sendBytes(payload);
            byte[] back = pipe.a().recvBytes();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pipe 64 MiB there and back: %.0f MB/s%n", 2 * size / 1e6 / seconds);
            assertEquals(3L * (size - 1) + 5, sum.get(60, TimeUnit.SECONDS));
            assertArrayEquals(payload, back);
        }
    }

    @Test
    void endSentOverAnotherConnectionWorksInWorker() throws Exception {
        try (Pool pool = Pool.create(1); Pipe control = Pipe.open(); Pipe data = Pipe.open()) {
            Connection c = control.b();
            CompletableFuture<String> f = pool.submit(() -> {
                Connection d = (Connection) c.recv();
                d.send("via sent end");
                d.flush();
                return "ok";
            });
            control.a().send(data.b());
            assertEquals("via sent end", data.a().recv());
            assertEquals("ok", f.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void queueCarriesItemsFromManyProducersInTheirOrder() throws Exception {
        try (Pool pool = Pool.create(2); Queue q = Queue.open()) {
            for (int p = 0; p < 2; p++) {
                int producer = p;
                pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        q.put(producer + ":" + i);
                    }
                    q.flush();
                    return 0;
                });
            }
            int[] next = new int[2];
            for (int i = 0; i < 2000; i++) {
                String[] item = ((String) q.get(Duration.ofSeconds(30))).split(":");
                int producer = Integer.parseInt(item[0]);
                assertEquals(next[producer]++, Integer.parseInt(item[1]));
            }
            assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(20)));
            CompletableFuture<Object> consumer = pool.submit(() -> q.get(Duration.ofSeconds(30)));
            q.put(List.of("to", "worker"));
            assertEquals(List.of("to", "worker"), consumer.get(30, TimeUnit.SECONDS));
        }
    }
}
