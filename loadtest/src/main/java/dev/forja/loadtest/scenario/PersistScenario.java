package dev.forja.loadtest.scenario;

import static dev.forja.loadtest.engine.PhaseFigures.count;
import static dev.forja.loadtest.engine.PhaseFigures.fixed;

import dev.forja.loadtest.persist.PersisterDriver;
import dev.forja.loadtest.persist.PersisterDriver.Run;
import dev.forja.loadtest.persist.PersisterDriver.RunFailed;
import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.store.ScratchStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Scenario 5, {@code persist}: what recording one resource update costs {@code
 * FormaCommandPersister} on a real store's journal, for a command of N resources, against the same
 * cost for a command of {@value #REFERENCE} resources measured in the same run (lesson L5: the
 * ratio must stay near 1; the bar is {@value #BAR}). Each run drives a fresh command through
 * Accept, every update's RecordAttempt, RecordRequestToken and RecordFinished(Success) with 50
 * updates in flight (the executor's default), and Complete, on a scratch SQLite file or PostgreSQL
 * database whose journal, snapshot store and command read model are configured as {@code
 * ForjaEngine} configures them. A missed bar is a figure; a run that does not end with every update
 * Success fails the report.
 */
public final class PersistScenario implements Scenario {
  /** The size every other size is compared with. */
  static final int REFERENCE = 200;

  /** The largest ratio of per-update costs (N over the reference) that meets lesson L5. */
  static final double BAR = 1.3;

  private static final int DEFAULT_IN_FLIGHT = 50;

  @Override
  public String name() {
    return "persist";
  }

  @Override
  public void run(RunOptions options, int count, Report report) throws Exception {
    int inFlight = options.maxInFlight() > 0 ? options.maxInFlight() : DEFAULT_IN_FLIGHT;
    Duration timeout = Duration.ofMinutes(5).plus(Duration.ofMillis(20L * count));
    Map<Integer, List<Run>> measured = new LinkedHashMap<>();
    int snapshotEvery;
    try (ScratchStore store =
            options.postgresql()
                ? ScratchStore.postgresql(options.pgUrl())
                : ScratchStore.sqlite();
        PersisterDriver driver =
            PersisterDriver.onStore(store.config(), options.seed(), inFlight, timeout)) {
      snapshotEvery = driver.settings().persisterSnapshotEvery();
      try {
        // Warm-up: the JIT, the connection pools and the journal's tables. At most 2,000
        // resources for N: a large command on PostgreSQL takes minutes, and warms nothing more.
        for (int i = 0; i < (options.smoke() ? 1 : 3); i++) {
          driver.run(REFERENCE, false);
        }
        if (count != REFERENCE) {
          driver.run(Math.min(count, 2_000), false);
        }
        // A command's last snapshot is written after its Complete: small runs absorb the tail of
        // the larger one before the reference is measured.
        for (int i = 0; i < 2; i++) {
          driver.run(REFERENCE, false);
        }
        measured.put(REFERENCE, measure(driver, REFERENCE, runsOf(REFERENCE, options.smoke())));
        if (count != REFERENCE) {
          measured.put(count, measure(driver, count, runsOf(count, options.smoke())));
        }
      } catch (RunFailed e) {
        report.fail("a persister run failed: " + e.getMessage());
        return;
      }
    }
    List<Run> reference = measured.get(REFERENCE);
    List<Run> atCount = measured.get(count);
    double refWall = median(reference, Run::microsPerUpdate);
    double wall = median(atCount, Run::microsPerUpdate);
    double refCpu = cpuMicrosPerUpdate(reference);
    double cpu = cpuMicrosPerUpdate(atCount);
    double ratio = wall / refWall;
    double cpuRatio = cpu / refCpu;

    report.text(
        String.format(
            Locale.ROOT,
            "Each run drives a fresh command of N creates through one `FormaCommandPersister` on"
                + " %s (journal, snapshot store and command read model as `ForjaEngine` configures"
                + " them): Accept, then every update's RecordAttempt, RecordRequestToken and"
                + " RecordFinished(Success) with %d updates in flight, then Complete. Only the"
                + " update phase is the per-update cost (first RecordAttempt sent to last"
                + " RecordFinished replied, over N); Accept and Complete write the whole command"
                + " to the read model, O(N) by design, and are shown apart. The persister"
                + " snapshots every %d events. Commands of 200 and of up to 2,000 resources warm up"
                + " first; the heap is collected before each measured update phase.",
            options.postgresql() ? "a fresh PostgreSQL database" : "a fresh SQLite file",
            inFlight,
            snapshotEvery));
    report.figure(
        "per-update cost at " + count(count),
        fixed(wall, 1) + " µs wall (" + ofRuns(atCount.size()) + "), " + fixed(cpu, 1) + " µs CPU",
        "update phase wall time / N per run, median; process CPU time over all runs / their"
            + " updates");
    report.figure(
        "per-update cost at " + count(REFERENCE) + " (reference)",
        fixed(refWall, 1)
            + " µs wall ("
            + ofRuns(reference.size())
            + "), "
            + fixed(refCpu, 1)
            + " µs CPU",
        "the same, for commands of " + REFERENCE + " resources in the same process and store");
    report.figure(
        "ratio " + count(count) + " / " + count(REFERENCE),
        String.format(
            Locale.ROOT,
            "%.2f wall, %.2f CPU: %s (bar %.1f)",
            ratio,
            cpuRatio,
            count == REFERENCE ? "the reference itself" : ratio <= BAR ? "met" : "missed",
            BAR),
        "lesson L5: the per-update cost must not grow with the command; the bar applies to the"
            + " wall ratio of medians");
    report.figure(
        "records/s at " + count(count),
        fixed(median(atCount, Run::recordsPerSecond), 0),
        "RecordAttempt, RecordRequestToken and RecordFinished journaled per second of the update"
            + " phase, median");
    report.figure(
        "accept / complete at " + count(count),
        fixed(median(atCount, r -> r.acceptNanos() / 1e6), 0)
            + " ms / "
            + fixed(median(atCount, r -> r.completeNanos() / 1e6), 0)
            + " ms",
        "spawn and Accept (command stored in the read model); Complete; medians, O(N) by design");
    report.table(
        "Per size",
        List.of(
            "resources",
            "runs",
            "accept ms",
            "µs/upd min",
            "µs/upd median",
            "µs/upd max",
            "CPU µs/upd",
            "alloc KB/upd",
            "GC %",
            "records/s",
            "complete ms"),
        rows(measured));
    Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
    measured.forEach(
        (n, runs) -> {
          Map<String, Double> b = new LinkedHashMap<>();
          b.put("wall min", min(runs, Run::microsPerUpdate));
          b.put("wall median", median(runs, Run::microsPerUpdate));
          b.put("wall max", max(runs, Run::microsPerUpdate));
          b.put("CPU", cpuMicrosPerUpdate(runs));
          bars.put(count(n) + " resources", b);
        });
    report.barChart("per-update", "Per-update persistence cost", "µs per update", bars);
    report.text(
        "CPU µs/upd is the process's CPU time (every thread: persister, journal, JDBC, GC) over"
            + " all measured runs of a size divided by their updates: a sum, since the JVM reads"
            + " process CPU time in 10 ms ticks. alloc KB/upd is what every thread allocated in"
            + " the update phase per update; GC % the collectors' time over the phase's.");
  }

  private static String ofRuns(int runs) {
    return runs == 1 ? "one run" : "median of " + runs + " runs";
  }

  private static List<Run> measure(PersisterDriver driver, int n, int runs) {
    List<Run> out = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      out.add(driver.run(n, true));
    }
    return out;
  }

  /**
   * Measured runs of a size: enough to cover about 10,000 updates, at least 1 and at most 15 (a
   * small command's run lasts milliseconds, so one hiccup moves it a lot; a 20,000-resource run
   * journals 60,000 events, minutes on PostgreSQL, and averages over them); 2 in a smoke run.
   */
  static int runsOf(int n, boolean smoke) {
    if (smoke) {
      return 2;
    }
    return (int) Math.max(1, Math.min(15, 10_000L / n));
  }

  private static List<List<String>> rows(Map<Integer, List<Run>> measured) {
    List<List<String>> rows = new ArrayList<>();
    measured.forEach(
        (n, runs) ->
            rows.add(
                List.of(
                    count(n),
                    String.valueOf(runs.size()),
                    fixed(median(runs, r -> r.acceptNanos() / 1e6), 1),
                    fixed(min(runs, Run::microsPerUpdate), 1),
                    fixed(median(runs, Run::microsPerUpdate), 1),
                    fixed(max(runs, Run::microsPerUpdate), 1),
                    fixed(cpuMicrosPerUpdate(runs), 1),
                    fixed(median(runs, Run::allocatedKbPerUpdate), 1),
                    fixed(median(runs, Run::gcPercent), 0),
                    fixed(median(runs, Run::recordsPerSecond), 0),
                    fixed(median(runs, r -> r.completeNanos() / 1e6), 1))));
    return rows;
  }

  private static double cpuMicrosPerUpdate(List<Run> runs) {
    long cpu = runs.stream().mapToLong(Run::cpuNanos).sum();
    long updates = runs.stream().mapToLong(Run::resources).sum();
    return cpu / 1e3 / updates;
  }

  private static double[] sorted(List<Run> runs, ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).toArray();
    Arrays.sort(v);
    return v;
  }

  private static double min(List<Run> runs, ToDoubleFunction<Run> f) {
    return sorted(runs, f)[0];
  }

  private static double max(List<Run> runs, ToDoubleFunction<Run> f) {
    double[] v = sorted(runs, f);
    return v[v.length - 1];
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> f) {
    double[] v = sorted(runs, f);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
