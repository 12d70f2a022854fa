package io.reviewflow.benchmarks.pipeline;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's heap while a phase runs, two ways: the largest used heap sampled every 20 ms (garbage
 * included, so it mostly shows how far the collector let the heap grow), and the largest heap left
 * after any collection (what was still reachable: the better estimate of what the services need).
 * Everything in the bench JVM counts: the three services, the submitter, the reader, the
 * pre-generated documents and, with the default embedded broker, the broker.
 */
final class HeapSampler implements AutoCloseable {

    private final AtomicLong maxUsed = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final Thread sampler;
    private final NotificationListener listener = this::onGc;
    private volatile boolean running = true;

    HeapSampler() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                maxUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long after = 0;
        for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            after += usage.getUsed();
        }
        // Non-heap pools (metaspace, code cache) are in the map too; subtract them for heap only.
        long nonHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.NON_HEAP)
                .mapToLong(p -> info.getGcInfo().getMemoryUsageAfterGc().getOrDefault(p.getName(), new MemoryUsage(0, 0, 0, 0)).getUsed())
                .sum();
        maxAfterGc.accumulateAndGet(after - nonHeap, Math::max);
    }

    long maxUsedBytes() {
        return maxUsed.get();
    }

    /** 0 when no collection happened during the phase. */
    long maxAfterGcBytes() {
        return maxAfterGc.get();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException e) {
                    // not registered on this one
                }
            }
        }
    }
}
