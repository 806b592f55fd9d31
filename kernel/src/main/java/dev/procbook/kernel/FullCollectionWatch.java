package dev.procbook.kernel;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells when a full collection leaves the heap nearly full: the earliest sign that a cell is filling it.
 *
 * <p>When the heap fills with live objects, the JVM collects again and again (for a tenth of a second or more) before
 * it throws {@link OutOfMemoryError}, and then throws it in every thread that asks for memory, JeroMQ's I/O thread
 * among them, which cannot survive it. A full collection that leaves less than the margin free comes in that
 * stretch, before the errors, so the kernel can stop the cell and let its reserve go first. A collection the user
 * asked for ({@code System.gc()}) does not count: it says nothing about a cell filling the heap.
 */
final class FullCollectionWatch implements AutoCloseable {

    private final long marginBytes;
    private final Runnable nearlyFull;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> afterCollection(notification);

    /**
     * @param marginBytes free memory below which a full collection counts as the heap running out
     * @param nearlyFull  run on the JVM's notification thread when one does; it must allocate little
     */
    FullCollectionWatch(long marginBytes, Runnable nearlyFull) {
        this.marginBytes = marginBytes;
        this.nearlyFull = nearlyFull;
    }

    /** Starts listening to every collector of the JVM that sends notifications. */
    void start() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void afterCollection(Notification notification) {
        try {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) notification.getUserData());
            if (!info.getGcAction().contains("major") || info.getGcCause().equals("System.gc()")) {
                return;
            }
            long used = 0;
            for (MemoryUsage pool : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                used += pool.getUsed();
            }
            if (Runtime.getRuntime().maxMemory() - used < marginBytes) {
                nearlyFull.run();
            }
        } catch (Throwable e) {
            // no memory even for this: the kernel's loops and the cell see the heap run out themselves
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already removed
            }
        }
        emitters.clear();
    }
}
