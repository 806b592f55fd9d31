package dev.procbook.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procbook.process.wire.HandleClosedException;
import dev.procbook.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftovers.class)
@Timeout(180)
class QueueIT {

    @Test
    void putFromOneThreadReachesAnotherThreadWaitingInGetOfTheSameHandle() throws Exception {
        try (Pool pool = Pool.create(1); Queue q = Queue.open()) {
            CompletableFuture<String> f = pool.submit(() -> {
                CompletableFuture<Object> got = new CompletableFuture<>();
                Thread waiter = new Thread(() -> got.complete(q.get(Duration.ofSeconds(60))), "test-getter");
                waiter.start();
                // its request is sent once it reads the channel for the answer
                Await.blockedIn(waiter, "get", "read");
                q.put("from the same process");
                q.flush();
                return (String) got.get(60, TimeUnit.SECONDS);
            });
            assertEquals("from the same process", f.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void itemsFetchedButNotTakenGoBackToTheQueueOnClose() throws Exception {
        try (Pool pool = Pool.create(1); Queue q = Queue.open()) {
            for (int i = 0; i < 100; i++) {
                q.put(i);
            }
            List<Integer> takenThere = pool.submit(() -> {
                List<Integer> taken = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    taken.add((Integer) q.get(Duration.ofSeconds(10)));
                }
                q.close();
                return taken;
            }).get(60, TimeUnit.SECONDS);
            List<Integer> rest = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                rest.add((Integer) q.get(Duration.ofSeconds(10)));
            }
            assertEquals(IntStream.range(0, 10).boxed().collect(Collectors.toList()), takenThere);
            assertEquals(IntStream.range(10, 100).boxed().collect(Collectors.toList()), rest);
            assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(50)));
        }
    }

    @Test
    void batchedItemsFromTwoProducersReachTwoConsumersOnceEachInProducerOrder() throws Exception {
        int perProducer = 20_000;
        try (Pool pool = Pool.create(2); Queue q = Queue.open()) {
            CompletableFuture<Integer> remoteProducer = pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    q.put("w:" + i);
                }
                q.flush();
                return perProducer;
            });
            CompletableFuture<List<String>> remoteConsumer = pool.submit(() -> drain(q));
            for (int i = 0; i < perProducer; i++) {
                q.put("p:" + i);
            }
            List<String> here = drain(q);
            assertEquals(perProducer, remoteProducer.get(60, TimeUnit.SECONDS));
            List<String> there = remoteConsumer.get(60, TimeUnit.SECONDS);
            for (List<String> consumed : List.of(here, there)) {
                int[] last = {-1, -1};
                for (String item : consumed) {
                    int producer = item.startsWith("w:") ? 0 : 1;
                    int i = Integer.parseInt(item.substring(2));
                    assertTrue(i > last[producer], "out of order: " + item + " after " + last[producer]);
                    last[producer] = i;
                }
            }
            java.util.Set<String> all = new java.util.HashSet<>(here);
            all.addAll(there);
            assertEquals(here.size() + there.size(), all.size(), "an item arrived twice");
            assertEquals(2 * perProducer, all.size(), "an item was lost");
        }
    }

    private static List<String> drain(Queue q) {
        List<String> got = new ArrayList<>();
        try {
            while (true) {
                got.add((String) q.get(Duration.ofSeconds(3)));
            }
        } catch (QueueEmptyException e) {
            return got;
        }
    }

    @Test
    void itemsFetchedAheadGoBackToTheQueueInOrderOnClose() throws Exception {
        int total = 20_000;
        int takenThere = 3_000;
        try (Pool pool = Pool.create(1); Queue q = Queue.open()) {
            for (int i = 0; i < total; i++) {
                q.put(i);
            }
            List<Integer> there = pool.submit(() -> {
                List<Integer> taken = new ArrayList<>();
                for (int i = 0; i < takenThere; i++) {
                    taken.add((Integer) q.get(Duration.ofSeconds(10)));
                }
                q.close();
                return taken;
            }).get(60, TimeUnit.SECONDS);
            assertEquals(IntStream.range(0, takenThere).boxed().collect(Collectors.toList()), there);
            for (int i = takenThere; i < total; i++) {
                assertEquals(i, q.get(Duration.ofSeconds(10)));
            }
            assertThrows(QueueEmptyException.class, () -> q.get(Duration.ofMillis(50)));
        }
    }

    @Test
    void remoteGetTimesOutWhenNothingArrives() throws Exception {
        try (Pool pool = Pool.create(1); Queue q = Queue.open()) {
            String outcome = pool.submit(() -> {
                try {
                    return "got " + q.get(Duration.ofMillis(300));
                } catch (QueueEmptyException e) {
                    return "empty after " + e.timeout();
                }
            }).get(60, TimeUnit.SECONDS);
            assertEquals("empty after PT0.3S", outcome);
        }
    }

    @Test
    void aClosedQueueRefusesPutAndGetNamingItself() {
        Queue q = Queue.open();
        q.close();
        HandleClosedException e = assertThrows(HandleClosedException.class, () -> q.put("late"));
        assertTrue(e.handle().startsWith("queue: id="), e.getMessage());
        assertThrows(HandleClosedException.class, () -> q.get(Duration.ofMillis(1)));
    }
}
