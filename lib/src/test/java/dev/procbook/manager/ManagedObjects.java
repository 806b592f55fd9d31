package dev.procbook.manager;

import dev.procbook.testing.Await;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** Waits in tests for the observable state of a manager's objects, which changes when the manager has caught up. */
final class ManagedObjects {

    private ManagedObjects() {
    }

    /**
     * Polls {@code manager.objects()} until {@code done} holds, for up to {@link Await#TIMEOUT}; returns the last
     * listing, which the caller's assertion names if it never came.
     */
    static List<ObjectInfo> await(Manager manager, Predicate<List<ObjectInfo>> done) throws InterruptedException {
        AtomicReference<List<ObjectInfo>> last = new AtomicReference<>();
        try {
            Await.until("the manager's objects to change", () -> done.test(last.updateAndGet(o -> manager.objects())));
        } catch (AssertionError e) {
            // the caller asserts on the listing, which says more
        }
        return last.get();
    }

    /** The listing of object {@code id}, or null when it is not live. */
    static ObjectInfo find(List<ObjectInfo> objects, long id) {
        return objects.stream().filter(o -> o.id() == id).findFirst().orElse(null);
    }
}
