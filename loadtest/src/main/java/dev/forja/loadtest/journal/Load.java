package dev.forja.loadtest.journal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the writers share with the benchmark: the phase of the run (warm-up, measuring, draining),
 * the persist latencies measured, and the failures. Thread-safe: every writer reports here from its
 * own dispatcher thread.
 */
final class Load {
  private static final String LOCKED = "database is locked";
  private static final int KEPT_MESSAGES = 5;

  private enum Phase {
    WARMUP,
    MEASURING,
    DRAINING
  }

  private volatile Phase phase = Phase.WARMUP;
  private long[] latencies = new long[1 << 16];
  private int count;
  private long measuringFrom;
  private long measuringTo;
  private long allEvents;
  private long failures;
  private long locked;
  private final List<String> firstFailures = new ArrayList<>();

  /** Starts measuring: persists that complete from now on count. */
  synchronized void startMeasuring() {
    measuringFrom = System.nanoTime();
    phase = Phase.MEASURING;
  }

  /** Stops measuring; writers stop after their persist in flight. */
  synchronized void drain() {
    measuringTo = System.nanoTime();
    phase = Phase.DRAINING;
  }

  /** Whether writers should stop. */
  boolean draining() {
    return phase == Phase.DRAINING;
  }

  /** A persist completed after {@code nanos}; its latency counts only while measuring. */
  synchronized void persisted(long nanos) {
    allEvents++;
    if (phase == Phase.MEASURING) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }
  }

  /** A writer failed with {@code cause}, in any phase. */
  synchronized void failed(Throwable cause) {
    failures++;
    String chain = messages(cause);
    if (chain.contains(LOCKED)) {
      locked++;
    }
    if (firstFailures.size() < KEPT_MESSAGES) {
      firstFailures.add(chain);
    }
  }

  /** What the run measured; call after {@link #drain()}. */
  synchronized Result result() {
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    double seconds = (measuringTo - measuringFrom) / 1e9;
    return new Result(
        allEvents,
        count,
        seconds,
        count / seconds,
        percentileMillis(sorted, 50),
        percentileMillis(sorted, 99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
        failures,
        locked,
        List.copyOf(firstFailures));
  }

  /**
   * What one run measured.
   *
   * @param allEvents persists completed in every phase: warm-up, measuring and draining
   * @param events persists completed while measuring
   * @param seconds how long the measurement lasted
   * @param eventsPerSecond events over seconds
   * @param p50Millis median persist latency
   * @param p99Millis 99th percentile persist latency
   * @param maxMillis the slowest persist
   * @param failures writers that failed (a persist failed or was rejected), in any phase
   * @param lockedFailures failures whose messages mention "database is locked"
   * @param firstFailures the messages of the first few failures, causes included
   */
  record Result(
      long allEvents,
      long events,
      double seconds,
      double eventsPerSecond,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      long failures,
      long lockedFailures,
      List<String> firstFailures) {}

  /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
  static double percentileMillis(long[] sorted, double percentile) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)] / 1e6;
  }

  private static String messages(Throwable cause) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (b.length() > 0) {
        b.append(" <- ");
      }
      b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    }
    return b.toString();
  }
}
