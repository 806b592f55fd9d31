package dev.procbook.process;

import dev.procbook.process.wire.Codec;
import dev.procbook.process.wire.FramedChannel;
import dev.procbook.process.wire.Hub;
import dev.procbook.process.wire.Secret;
import dev.procbook.process.wire.TopLevelValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind a worker's class-data archive ({@link WorkerArchive}): a JVM started as
 * {@code WorkerMain --train-archive} plays both parent and worker over its own hub, so that the worker's real start
 * path (key, handshake, class loader, decoding a lambda task, encoding its result) loads every class it needs
 * before the JVM writes them to the archive at exit.
 */
final class WorkerTraining {

    /** The argument of {@link WorkerMain#main(String[])} that selects the training run. */
    static final String ARGUMENT = "--train-archive";
    private static final String KIND = "training";

    private WorkerTraining() {
    }

    /** Runs the tasks a pool's first use sends, in a worker connected to this JVM's own hub. */
    static void run() {
        // Made, not started: a class missing from the archive makes the worker open every jar of its class path
        // to look for it, some 30 ms for a large one.
        WorkerMain.ParentWatch watch = new WorkerMain.ParentWatch();
        WorkerMain.Prewarm prewarm = new WorkerMain.Prewarm();
        prewarm.run();
        try (Hub hub = Hub.acquire()) {
            Hub.handle(KIND, (argument, ch) -> drive(ch));
            Secret key = Secret.adopt(Secret.processKey().toHex());
            WorkerMain.work(key, hub.address(), KIND + ":1", watch);
        }
    }

    private static void drive(FramedChannel ch) {
        int base = 41;
        ArrayList<Integer> items = new ArrayList<>(List.of(1, 2, 3));
        send(ch, 1, new Task.Call(() -> base + 1));
        send(ch, 2, new Task.Chunk<Integer, Integer>(x -> x + base, items));
        send(ch, 3, new Task.Call(() -> {
            throw new IllegalStateException("training failure");
        }));
        ch.write(WorkerProtocol.STOP, new byte[0]);
        ch.flush();
        ch.close();
    }

    private static void send(FramedChannel ch, long id, Task task) {
        ch.write(WorkerProtocol.TASK, WorkerProtocol.task(id, TopLevelValues.NONE, false, Codec.encode(task)));
        ch.flush();
        WorkerProtocol.result(ch.read().payload());
    }
}
