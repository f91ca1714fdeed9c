package dev.forja.loadtest.engine;

import dev.forja.engine.command.UpdateState;
import dev.forja.loadtest.engine.EmbeddedEngine.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The figures of one engine-scenario phase (apply or destroy), derived from what {@link
 * EmbeddedEngine} measured, and the rows of the report's per-phase table.
 */
public final class PhaseFigures {
  private static final double MB = 1024.0 * 1024.0;

  private final Phase phase;
  private final Histogram micros;

  /** The figures of {@code phase}. */
  public PhaseFigures(Phase phase) {
    this.phase = phase;
    this.micros = phase.durations().micros();
  }

  /** The phase measured. */
  public Phase phase() {
    return phase;
  }

  /** Operations (updates ended) per second of wall time. */
  public double operationsPerSecond() {
    return phase.operationsPerSecond();
  }

  /** The process's CPU time per operation, in ms. */
  public double cpuMillisPerOperation() {
    return perOperation(phase.cpuNanos()) / 1e6;
  }

  /** Wall time per operation, in ms: the inverse of the throughput. */
  public double wallMillisPerOperation() {
    return perOperation(phase.wallNanos()) / 1e6;
  }

  /** Time inside plugin calls per operation, in ms: the simulator's own work, status polls too. */
  public double pluginMillisPerOperation() {
    return perOperation(phase.counted().pluginNanos()) / 1e6;
  }

  /**
   * The simulator's share of the process's CPU time: time inside plugin calls over CPU time. The
   * simulator answers on the calling engine thread without blocking, so a call's latency is CPU
   * spent in it (plus waits for the simulator's lock and for the core).
   */
  public double simShare() {
    return phase.cpuNanos() == 0 ? 0 : (double) phase.counted().pluginNanos() / phase.cpuNanos();
  }

  /** Cores kept busy on average: CPU time over wall time. */
  public double coresBusy() {
    return (double) phase.cpuNanos() / phase.wallNanos();
  }

  /** The mean update duration in ms. */
  public double meanMillis() {
    return micros.getTotalCount() == 0 ? 0 : micros.getMean() / 1e3;
  }

  /** The updates in flight on average over the phase, weighted by time. */
  public double meanInFlight() {
    return (double) phase.counted().inFlightNanos() / phase.wallNanos();
  }

  /**
   * An updater's mean lifetime in ms, from its start to its stop: the time-weighted in-flight
   * integral over the operations (Little's law, exact for a phase that starts and ends empty).
   * Unlike the recorded duration it includes resolving references, waiting for a rate-limit token
   * and for the persister to record the attempt.
   */
  public double updaterLifetimeMillis() {
    return perOperation(phase.counted().inFlightNanos()) / 1e6;
  }

  /** The update duration at {@code percentile} (0 to 100), in ms. */
  public double percentileMillis(double percentile) {
    return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1e3;
  }

  /** The longest update, in ms. */
  public double maxMillis() {
    return micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1e3;
  }

  /** Events journaled per second of wall time. */
  public double persistedPerSecond() {
    return phase.counted().persisted() / phase.seconds();
  }

  /**
   * The live heap's growth, per update in flight at the peak, in KB: the largest heap in use just
   * after a collection during the phase, less the live heap at its start. An upper bound: it also
   * holds what the phase accumulates for good (inventory rows, the command's state).
   */
  public double liveKbPerInFlight() {
    int peak = Math.max(1, phase.counted().peakInFlight());
    return Math.max(0, phase.heapLiveMaxBytes() - phase.heapBaselineBytes()) / 1024.0 / peak;
  }

  /** The heap's growth from its live baseline to its peak, per update in flight at the peak, KB. */
  public double heapKbPerInFlight() {
    int peak = Math.max(1, phase.counted().peakInFlight());
    return Math.max(0, phase.heapPeakBytes() - phase.heapBaselineBytes()) / 1024.0 / peak;
  }

  /** The heap pools' summed peak, in MB. */
  public double heapPeakMb() {
    return phase.heapPeakBytes() / MB;
  }

  /** "p50 / p95 / p99 / max" in ms. */
  public String percentiles() {
    return String.format(
        Locale.ROOT,
        "%.1f / %.1f / %.1f / %.1f ms",
        percentileMillis(50),
        percentileMillis(95),
        percentileMillis(99),
        maxMillis());
  }

  /** Updates ended, by final state, as "Success 2,000, Failed 1". */
  public String endedStates() {
    Map<String, Long> states = new TreeMap<>();
    phase.counted().endedIn().forEach((s, n) -> put(states, s.wire(), n));
    put(states, "(no final state)", phase.counted().endedWithoutState());
    List<String> parts = new ArrayList<>();
    states.forEach((s, n) -> parts.add(s + " " + count(n)));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** The command's updates by state, as "Success 2,000". */
  public String commandStates() {
    List<String> parts = new ArrayList<>();
    phase
        .command()
        .counts()
        .forEach(
            (s, n) -> {
              if (n > 0) {
                parts.add(s.wire() + " " + count(n));
              }
            });
    return phase.command().state().wire() + " (" + String.join(", ", parts) + ")";
  }

  /** Updates of the command not Success. */
  public long notSucceeded() {
    return phase.command().updates().stream().filter(u -> u.state() != UpdateState.SUCCESS).count();
  }

  /** The rows of the per-phase table: figure name, then this phase's value. */
  public static List<List<String>> table(List<PhaseFigures> phases) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("wall time (submit to end)", phases, f -> secs(f.phase.wallNanos())));
    rows.add(row("  of which plan and accept", phases, f -> secs(f.phase.acceptNanos())));
    rows.add(row("operations (updates ended)", phases, f -> count(f.phase.operations())));
    rows.add(row("operations/s", phases, f -> fixed(f.operationsPerSecond(), 1)));
    rows.add(row("process CPU", phases, f -> secs(f.phase.cpuNanos())));
    rows.add(row("CPU per operation", phases, f -> ms(f.cpuMillisPerOperation(), 2)));
    rows.add(row("cores busy (CPU / wall)", phases, f -> fixed(f.coresBusy(), 2)));
    rows.add(
        row("wall per operation (1 / throughput)", phases, f -> ms(f.wallMillisPerOperation(), 2)));
    rows.add(
        row(
            "updater lifetime mean (start to stop)",
            phases,
            f -> ms(f.updaterLifetimeMillis(), 1)));
    rows.add(row("update duration mean", phases, f -> ms(f.meanMillis(), 1)));
    rows.add(row("update duration p50", phases, f -> ms(f.percentileMillis(50), 1)));
    rows.add(row("update duration p95", phases, f -> ms(f.percentileMillis(95), 1)));
    rows.add(row("update duration p99", phases, f -> ms(f.percentileMillis(99), 1)));
    rows.add(row("update duration max", phases, f -> ms(f.maxMillis(), 1)));
    rows.add(row("updates timed", phases, f -> count(f.phase.durations().measured())));
    rows.add(row("in flight, mean (time-weighted)", phases, f -> fixed(f.meanInFlight(), 1)));
    rows.add(row("in flight, peak", phases, f -> count(f.phase.counted().peakInFlight())));
    rows.add(
        row(
            "plugin calls (status polls included)",
            phases,
            f -> count(f.phase.counted().pluginCalls())));
    rows.add(row("plugin calls failed", phases, f -> count(f.phase.counted().pluginErrors())));
    rows.add(
        row(
            "time in plugin calls per operation",
            phases,
            f -> ms(f.pluginMillisPerOperation(), 3)));
    rows.add(row("simulator's share of CPU", phases, f -> fixed(100 * f.simShare(), 1) + " %"));
    rows.add(row("events journaled", phases, f -> count(f.phase.counted().persisted())));
    rows.add(row("events journaled/s", phases, f -> fixed(f.persistedPerSecond(), 0)));
    rows.add(
        row(
            "journal latency mean",
            phases,
            f ->
                ms(
                    f.phase.counted().persisted() == 0
                        ? 0
                        : f.phase.counted().persistNanos() / 1e6 / f.phase.counted().persisted(),
                    2)));
    rows.add(row("live heap before (after GC)", phases, f -> mb(f.phase.heapBaselineBytes())));
    rows.add(row("heap peak (pools' peaks summed)", phases, f -> mb(f.phase.heapPeakBytes())));
    rows.add(row("heap after GC, max", phases, f -> mb(f.phase.heapLiveMaxBytes())));
    rows.add(
        row(
            "live heap growth per in-flight update",
            phases,
            f -> fixed(f.liveKbPerInFlight(), 0) + " KB"));
    rows.add(
        row(
            "heap peak growth per in-flight update (garbage too)",
            phases,
            f -> fixed(f.heapKbPerInFlight(), 0) + " KB"));
    rows.add(row("command", phases, PhaseFigures::commandStates));
    rows.add(row("updaters ended (metrics)", phases, PhaseFigures::endedStates));
    return rows;
  }

  private interface Cell {
    String of(PhaseFigures f);
  }

  private static List<String> row(String name, List<PhaseFigures> phases, Cell cell) {
    List<String> row = new ArrayList<>();
    row.add(name);
    phases.forEach(f -> row.add(cell.of(f)));
    return row;
  }

  private double perOperation(long nanos) {
    return phase.operations() == 0 ? 0 : (double) nanos / phase.operations();
  }

  private static void put(Map<String, Long> m, String k, long n) {
    if (n > 0) {
      m.put(k, n);
    }
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  public static String ms(double v, int decimals) {
    return fixed(v, decimals) + " ms";
  }

  public static String secs(long nanos) {
    return fixed(nanos / 1e9, 2) + " s";
  }

  public static String mb(long bytes) {
    return fixed(bytes / MB, 0) + " MB";
  }
}
