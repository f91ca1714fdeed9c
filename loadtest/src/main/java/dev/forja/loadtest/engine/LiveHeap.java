package dev.forja.loadtest.engine;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap in use just after each garbage collection, from the collectors' notifications: close to
 * the live heap (young collections leave the old generation's garbage in place, so it is an upper
 * bound), unlike the used heap at an arbitrary moment, which is mostly young garbage.
 */
public final class LiveHeap implements AutoCloseable {
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toUnmodifiableSet());
  private final AtomicLong last = new AtomicLong();
  private final AtomicLong max = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;

  private LiveHeap() {}

  /** Starts listening to every collector. */
  public static LiveHeap start() {
    LiveHeap heap = new LiveHeap();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(heap.listener, null, null);
        heap.emitters.add(emitter);
      }
    }
    return heap;
  }

  private void onNotification(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    last.set(used);
    max.accumulateAndGet(used, Math::max);
  }

  /** The heap in use after the latest collection, in bytes (0 before the first). */
  public long lastBytes() {
    return last.get();
  }

  /** The largest heap in use after a collection since the last reset, in bytes; then resets. */
  public long maxBytesAndReset() {
    return max.getAndSet(0);
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // Not registered: nothing to remove.
      }
    }
  }
}
