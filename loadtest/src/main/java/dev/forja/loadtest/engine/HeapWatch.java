package dev.forja.loadtest.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The heap over one phase: the live heap at its start (after a full collection) and the peak the
 * heap pools reached since. The peak is the sum of each heap pool's own peak usage, reset at the
 * start; the pools need not peak at the same moment, so it is an upper bound of the heap ever used
 * at once. The sampled used heap of the report's chart is the lower bound.
 */
public final class HeapWatch {
  private final long baselineBytes;

  private HeapWatch(long baselineBytes) {
    this.baselineBytes = baselineBytes;
  }

  /** Collects the heap, records what is live, and resets every heap pool's peak. */
  public static HeapWatch start() {
    long live = usedAfterCollection();
    for (MemoryPoolMXBean pool : heapPools()) {
      pool.resetPeakUsage();
    }
    return new HeapWatch(live);
  }

  /** The heap in use after a full collection at the start, in bytes. */
  public long baselineBytes() {
    return baselineBytes;
  }

  /** The sum of the heap pools' peak usage since the start, in bytes. */
  public long peakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : heapPools()) {
      sum += pool.getPeakUsage().getUsed();
    }
    return sum;
  }

  /**
   * The heap in use after {@link System#gc()}: with the default collector (G1) and no {@code
   * -XX:+ExplicitGCInvokesConcurrent}, a full, stop-the-world collection, so what remains is live.
   */
  public static long usedAfterCollection() {
    System.gc();
    long sum = 0;
    for (MemoryPoolMXBean pool : heapPools()) {
      sum += pool.getUsage().getUsed();
    }
    return sum;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
        .toList();
  }
}
