package walkout.bench.load.episodes;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's collection pauses, from the collectors' notifications (start and end in ms of JVM uptime, so the span
 * is known to about a millisecond). Collectors that run beside the application (G1's concurrent cycle, ZGC's cycles)
 * are left out: they do not stop it.
 */
public final class GcPauseWitness implements Witness {
    private final Spans pauses = new Spans();
    private final long nanoTimeAtJvmStart;
    private final List<Runnable> unsubscribe = new ArrayList<>();

    public GcPauseWitness() {
        nanoTimeAtJvmStart = System.nanoTime()
                - TimeUnit.MILLISECONDS.toNanos(ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** Listens to the collectors from now on; call once. */
    @Override
    public void start() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = collector.getName();
            if (name.contains("Concurrent") || name.contains("Cycles")) {
                continue;
            }
            NotificationEmitter emitter = (NotificationEmitter) collector;
            NotificationListener listener = (notification, handback) -> onNotification(notification);
            emitter.addNotificationListener(listener, null, null);
            unsubscribe.add(() -> {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (ListenerNotFoundException e) {
                    throw new IllegalStateException("GC listener vanished from " + name, e);
                }
            });
        }
    }

    private void onNotification(Notification notification) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GcInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        long from = nanoTimeAtJvmStart + TimeUnit.MILLISECONDS.toNanos(gc.getStartTime());
        long to = nanoTimeAtJvmStart + TimeUnit.MILLISECONDS.toNanos(gc.getEndTime() + 1);
        pauses.add(from, to, Math.max(1, TimeUnit.MILLISECONDS.toNanos(gc.getDuration())));
    }

    @Override
    public String name() {
        return "GC pause";
    }

    @Override
    public long worstIn(long fromNs, long toNs) {
        return pauses.worstIn(fromNs, toNs);
    }

    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
    }
}
