package dev.forja.loadtest.engine;

import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.plugin.PluginOperation;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * An {@link EngineMetrics} that counts what the engine reports, for the engine scenario: updates
 * started and ended (by operation and final state), the updates in flight and their peak, plugin
 * calls and the time spent in them, and the events journaled. Every counter only grows except the
 * in-flight gauge; a phase is measured as the difference of two {@link #snapshot}s. Thread-safe and
 * cheap: adders and atomics only.
 */
public final class RecordingMetrics implements EngineMetrics {
  private final Map<Operation, LongAdder> started = adders(Operation.class);
  private final Map<Operation, LongAdder> ended = adders(Operation.class);
  private final Map<UpdateState, LongAdder> endedIn = adders(UpdateState.class);
  private final LongAdder endedWithoutState = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final LongAdder pluginCalls = new LongAdder();
  private final LongAdder pluginNanos = new LongAdder();
  private final LongAdder pluginErrors = new LongAdder();
  private final LongAdder persisted = new LongAdder();
  private final LongAdder persistNanos = new LongAdder();

  // The integral of updates in flight over time (update-nanoseconds), for the mean lifetime of an
  // updater: guarded by this.
  private long inFlightIntegral;
  private long lastChange = System.nanoTime();

  private static <K extends Enum<K>> Map<K, LongAdder> adders(Class<K> keys) {
    Map<K, LongAdder> m = new EnumMap<>(keys);
    for (K k : keys.getEnumConstants()) {
      m.put(k, new LongAdder());
    }
    return m;
  }

  @Override
  public void pluginCall(
      String namespace, String type, PluginOperation op, Duration latency, Outcome outcome) {
    pluginCalls.increment();
    pluginNanos.add(latency.toNanos());
    if (outcome == Outcome.ERROR || outcome == Outcome.TIMEOUT || outcome == Outcome.FAILED) {
      pluginErrors.increment();
    }
  }

  @Override
  public void persisted(Duration latency) {
    persisted.increment();
    persistNanos.add(latency.toNanos());
  }

  @Override
  public void updateStarted(Operation op) {
    started.get(op).increment();
    int now = integrate(+1);
    peakInFlight.accumulateAndGet(now, Math::max);
  }

  @Override
  public void updateEnded(Operation op, UpdateState finalState) {
    integrate(-1);
    ended.get(op).increment();
    if (finalState == null) {
      endedWithoutState.increment();
    } else {
      endedIn.get(finalState).increment();
    }
  }

  /** Adds the time since the last change at the old in-flight count, then applies {@code delta}. */
  private synchronized int integrate(int delta) {
    long now = System.nanoTime();
    inFlightIntegral += inFlight.get() * (now - lastChange);
    lastChange = now;
    return inFlight.addAndGet(delta);
  }

  private synchronized long inFlightIntegralNow() {
    long now = System.nanoTime();
    inFlightIntegral += inFlight.get() * (now - lastChange);
    lastChange = now;
    return inFlightIntegral;
  }

  /** Updates in flight now: started and not yet ended. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Updates ended so far, of every operation: the scenario's "operations". */
  public long ended() {
    long n = 0;
    for (LongAdder a : ended.values()) {
      n += a.sum();
    }
    return n;
  }

  /** Updates with operation {@code op} ended so far. */
  public long ended(Operation op) {
    return ended.get(op).sum();
  }

  /** Events journaled so far. */
  public long persisted() {
    return persisted.sum();
  }

  /**
   * The counters now, and the peak of updates in flight since the last snapshot, which is reset to
   * the updates in flight now: so a phase's snapshot at its end holds that phase's peak.
   */
  public Snapshot snapshot() {
    Map<Operation, Long> s = new EnumMap<>(Operation.class);
    started.forEach((k, v) -> s.put(k, v.sum()));
    Map<Operation, Long> e = new EnumMap<>(Operation.class);
    ended.forEach((k, v) -> e.put(k, v.sum()));
    Map<UpdateState, Long> in = new EnumMap<>(UpdateState.class);
    endedIn.forEach((k, v) -> in.put(k, v.sum()));
    int peak = peakInFlight.getAndSet(inFlight.get());
    return new Snapshot(
        s,
        e,
        in,
        endedWithoutState.sum(),
        peak,
        pluginCalls.sum(),
        pluginNanos.sum(),
        pluginErrors.sum(),
        persisted.sum(),
        persistNanos.sum(),
        inFlightIntegralNow());
  }

  /**
   * The counters at one moment.
   *
   * @param started updates started, by operation
   * @param ended updates ended, by operation
   * @param endedIn updates ended, by final state
   * @param endedWithoutState updates that stopped without a final state (the engine stopping)
   * @param peakInFlight the most updates in flight at once since the snapshot before
   * @param pluginCalls plugin requests that ended, status polls included
   * @param pluginNanos the time those requests took, summed
   * @param pluginErrors requests that failed, errored or timed out
   * @param persisted events the command persisters journaled
   * @param persistNanos their journal latency, summed
   * @param inFlightNanos updates in flight integrated over time (update-nanoseconds): over a phase
   *     that starts and ends with none in flight, the sum of the updaters' lifetimes
   */
  public record Snapshot(
      Map<Operation, Long> started,
      Map<Operation, Long> ended,
      Map<UpdateState, Long> endedIn,
      long endedWithoutState,
      int peakInFlight,
      long pluginCalls,
      long pluginNanos,
      long pluginErrors,
      long persisted,
      long persistNanos,
      long inFlightNanos) {
    public Snapshot {
      started = Map.copyOf(started);
      ended = Map.copyOf(ended);
      endedIn = Map.copyOf(endedIn);
    }

    /** Every update ended. */
    public long endedTotal() {
      return ended.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every update started. */
    public long startedTotal() {
      return started.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What happened between {@code earlier} and this snapshot; the peak is this one's. */
    public Snapshot minus(Snapshot earlier) {
      return new Snapshot(
          diff(started, earlier.started),
          diff(ended, earlier.ended),
          diff(endedIn, earlier.endedIn),
          endedWithoutState - earlier.endedWithoutState,
          peakInFlight,
          pluginCalls - earlier.pluginCalls,
          pluginNanos - earlier.pluginNanos,
          pluginErrors - earlier.pluginErrors,
          persisted - earlier.persisted,
          persistNanos - earlier.persistNanos,
          inFlightNanos - earlier.inFlightNanos);
    }

    private static <K> Map<K, Long> diff(Map<K, Long> now, Map<K, Long> before) {
      Map<K, Long> d = new HashMap<>();
      now.forEach((k, v) -> d.put(k, v - before.getOrDefault(k, 0L)));
      return d;
    }
  }
}
