package dev.procbook.manager;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waits in tests for the observable state of a manager's objects, which changes when the manager has caught up. */
final class ManagedObjects {

    private ManagedObjects() {
    }

    /** Polls {@code manager.objects()} until {@code done} holds, for up to 10 s; returns the last listing. */
    static List<ObjectInfo> await(Manager manager, Predicate<List<ObjectInfo>> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ObjectInfo> objects = manager.objects();
        while (!done.test(objects) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            objects = manager.objects();
        }
        return objects;
    }

    /** The listing of object {@code id}, or null when it is not live. */
    static ObjectInfo find(List<ObjectInfo> objects, long id) {
        return objects.stream().filter(o -> o.id() == id).findFirst().orElse(null);
    }
}
