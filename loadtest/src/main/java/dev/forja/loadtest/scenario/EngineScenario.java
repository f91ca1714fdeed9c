package dev.forja.loadtest.scenario;

import static dev.forja.loadtest.engine.PhaseFigures.count;
import static dev.forja.loadtest.engine.PhaseFigures.fixed;

import dev.forja.engine.command.Operation;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.model.Forma;
import dev.forja.loadtest.engine.EmbeddedEngine;
import dev.forja.loadtest.engine.EmbeddedEngine.Phase;
import dev.forja.loadtest.engine.HeapWatch;
import dev.forja.loadtest.engine.PhaseFigures;
import dev.forja.loadtest.engine.RecordingMetrics;
import dev.forja.loadtest.generate.EnvironmentGenerator;
import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.report.Sampler;
import dev.forja.loadtest.report.TimeSeries;
import dev.forja.loadtest.store.ScratchStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 1, {@code engine}: the engine's own overhead. An embedded {@code ForjaEngine} on a
 * scratch store (SQLite or PostgreSQL) applies the generated forma of N resources to the in-process
 * simulator (zero latency, no faults), then destroys it. Reports wall time, operations/s, CPU per
 * operation, update-duration percentiles, events journaled/s, heap, and the final counts; the run
 * fails unless every update ends Success, the inventory holds N resources after the apply and none
 * after the destroy, and the simulator holds none after the destroy.
 */
public final class EngineScenario implements Scenario {
  private static final double MB = 1024.0 * 1024.0;

  @Override
  public String name() {
    return "engine";
  }

  @Override
  public void run(RunOptions options, int count, Report report) throws Exception {
    String json = EnvironmentGenerator.json(EnvironmentGenerator.generate(count, options.seed()));
    Duration timeout = Duration.ofMinutes(10).plus(Duration.ofMillis(50L * count));
    try (ScratchStore store =
            options.postgresql()
                ? ScratchStore.postgresql(options.pgUrl())
                : ScratchStore.sqlite();
        EmbeddedEngine engine = EmbeddedEngine.start(store.config(), options.maxInFlight())) {
      report.text(
          String.format(
              Locale.ROOT,
              "An embedded engine on %s applies a generated forma of %,d resources"
                  + " (seed %d) to the in-process simulator (no latency, no faults), then destroys"
                  + " it. The engine runs with at most %d updates in flight per command and polls"
                  + " operations in progress every %d ms (the simulator settles a mutation at once,"
                  + " so every create and delete waits about one poll interval; the default of 5 s"
                  + " would measure that wait instead of the engine).",
              options.postgresql() ? "a fresh PostgreSQL database" : "a fresh SQLite file",
              count,
              options.seed(),
              engine.forja().settings().maxInFlightUpdates(),
              EmbeddedEngine.CHECK_INTERVAL.toMillis()));
      Forma forma = engine.forja().read(json, InputFormat.JSON);
      if (forma.resources().size() != count) {
        report.fail("the generated forma holds " + forma.resources().size() + " resources");
      }
      RecordingMetrics metrics = engine.metrics();
      Sampler sampler = Sampler.start(Duration.ofSeconds(1));
      TimeSeries creates = sampler.rate("creates ended/s", () -> metrics.ended(Operation.CREATE));
      TimeSeries deletes = sampler.rate("deletes ended/s", () -> metrics.ended(Operation.DELETE));
      TimeSeries inFlight = sampler.gauge("updates in flight", metrics::inFlight);
      TimeSeries journaled = sampler.rate("events journaled/s", metrics::persisted);
      TimeSeries heap = sampler.heapMb();
      TimeSeries live =
          sampler.gauge("heap after the last GC (MB)", () -> engine.liveHeap().lastBytes() / MB);
      TimeSeries simulated =
          sampler.gauge("resources in the simulator", engine.cloud()::resourceCount);
      Phase apply;
      Phase destroy;
      double applyStart;
      double applyEnd;
      double destroyStart;
      double destroyEnd;
      long retainedBytes;
      int inventoryAfterApply;
      int simAfterApply;
      try {
        applyStart = sampler.elapsedSeconds();
        apply = engine.apply(forma, timeout);
        applyEnd = sampler.elapsedSeconds();
        inventoryAfterApply = engine.forja().inventory("").toCompletableFuture().get().size();
        simAfterApply = engine.cloud().resourceCount();
        retainedBytes = HeapWatch.usedAfterCollection();
        destroyStart = sampler.elapsedSeconds();
        destroy = engine.destroy(forma, timeout);
        destroyEnd = sampler.elapsedSeconds();
      } finally {
        sampler.close();
      }
      int inventoryAfterDestroy = engine.forja().inventory("").toCompletableFuture().get().size();
      int simAfterDestroy = engine.cloud().resourceCount();

      PhaseFigures a = new PhaseFigures(apply);
      PhaseFigures d = new PhaseFigures(destroy);
      check(report, a, count);
      check(report, d, count);
      if (inventoryAfterApply != count) {
        report.fail("the inventory holds " + inventoryAfterApply + " resources after the apply");
      }
      if (simAfterApply != count) {
        report.fail("the simulator holds " + simAfterApply + " resources after the apply");
      }
      if (inventoryAfterDestroy != 0) {
        report.fail("the inventory holds " + inventoryAfterDestroy + " resources after destroy");
      }
      if (simAfterDestroy != 0) {
        report.fail("the simulator holds " + simAfterDestroy + " resources after the destroy");
      }

      headline(report, a, d, heap, retainedBytes);
      report.figure(
          "final counts",
          String.format(
              Locale.ROOT,
              "apply %s; destroy %s; after the destroy: %d in the simulator, %d in the inventory",
              a.commandStates(),
              d.commandStates(),
              simAfterDestroy,
              inventoryAfterDestroy),
          "the commands' updates by state as the engine reports them at their end;"
              + " SimCloud.resourceCount() and an inventory query for everything");
      report.table(
          "Apply and destroy",
          List.of("figure", "apply", "destroy"),
          PhaseFigures.table(List.of(a, d)));
      report.text(
          String.format(
              Locale.ROOT,
              "Phases on the charts' time axis: apply %.1f–%.1f s, destroy %.1f–%.1f s. After the"
                  + " apply the inventory held %,d resources and the simulator %,d; the live heap"
                  + " after a full collection was %.0f MB.",
              applyStart,
              applyEnd,
              destroyStart,
              destroyEnd,
              inventoryAfterApply,
              simAfterApply,
              retainedBytes / MB));
      report.lineChart(
          "operations",
          "Resource operations per second (apply, then destroy)",
          "operations/s",
          List.of(creates, deletes));
      report.lineChart("in-flight", "Updates in flight", "updates", List.of(inFlight));
      report.lineChart("journal", "Events journaled per second", "events/s", List.of(journaled));
      report.lineChart(
          "heap", "Heap: used, and after the last collection", "MB", List.of(heap, live));
      report.lineChart("simulator", "Resources in the simulator", "resources", List.of(simulated));
      report.text(howMeasured());
    }
  }

  private static void check(Report report, PhaseFigures f, int count) {
    Phase p = f.phase();
    if (!p.command().state().wire().equals("Success")) {
      report.fail(p.name() + ": the command ended " + f.commandStates());
    } else if (f.notSucceeded() > 0) {
      report.fail(p.name() + ": " + f.notSucceeded() + " updates did not end Success");
    }
    if (p.command().updates().size() != count) {
      report.fail(p.name() + ": the command has " + p.command().updates().size() + " updates");
    }
    if (p.operations() != count || p.counted().endedWithoutState() > 0) {
      report.fail(p.name() + ": updaters ended " + f.endedStates() + ", expected " + count);
    }
    if (p.inFlightAfter() != 0) {
      report.fail(p.name() + ": " + p.inFlightAfter() + " updaters still in flight after its end");
    }
  }

  private static void headline(
      Report report, PhaseFigures a, PhaseFigures d, TimeSeries heap, long retainedBytes) {
    for (PhaseFigures f : List.of(a, d)) {
      String n = f.phase().name();
      report.figure(
          n + ": wall time",
          fixed(f.phase().seconds(), 1) + " s for " + count(f.phase().operations()) + " operations",
          "from submitting the command to the engine reporting its end (plan and accept included)");
      report.figure(
          n + ": operations/s",
          fixed(f.operationsPerSecond(), 0),
          "updates ended (EngineMetrics.updateEnded) over the wall time");
      report.figure(
          n + ": engine CPU per operation",
          fixed(f.cpuMillisPerOperation(), 2)
              + " ms (sim "
              + fixed(f.pluginMillisPerOperation(), 3)
              + " ms, "
              + fixed(100 * f.simShare(), 1)
              + " %)",
          "process CPU time (OperatingSystemMXBean.getProcessCpuTime) over the phase per"
              + " operation; the simulator's part is the time inside plugin calls"
              + " (EngineMetrics.pluginCall latency)");
      report.figure(
          n + ": wall per operation at " + fixed(f.meanInFlight(), 1) + " in flight",
          fixed(f.updaterLifetimeMillis(), 1) + " ms",
          "an updater's mean lifetime from its start to its stop (EngineMetrics.updateStarted to"
              + " updateEnded, in flight integrated over time / operations), at the time-weighted"
              + " mean of updates in flight");
      report.figure(
          n + ": update duration p50 / p95 / p99 / max",
          f.percentiles(),
          "each update from its attempt being recorded to its final state being recorded"
              + " (CommandProgress.at, HdrHistogram), "
              + count(f.phase().durations().measured())
              + " updates");
      report.figure(
          n + ": events journaled/s",
          fixed(f.persistedPerSecond(), 0),
          "EngineMetrics.persisted callbacks (each event a command persister journaled) over the"
              + " wall time");
    }
    report.figure(
        "peak heap",
        String.format(
            Locale.ROOT,
            "%.0f MB sampled; %.0f MB pools' peak",
            heap.max(),
            Math.max(a.heapPeakMb(), d.heapPeakMb())),
        "used heap sampled every second; sum of the heap pools' peak usage"
            + " (MemoryPoolMXBean, reset at each phase's start)");
    report.figure(
        "heap per in-flight update",
        fixed(a.liveKbPerInFlight(), 0)
            + " KB (apply), "
            + fixed(d.liveKbPerInFlight(), 0)
            + " KB (destroy)",
        "(largest heap in use just after a collection in the phase − live heap after GC at its"
            + " start) / peak updates in flight; an upper bound: it also holds what the phase"
            + " keeps for good. The pools' peak, garbage included, gives "
            + fixed(a.heapKbPerInFlight(), 0)
            + " KB");
    report.figure(
        "live heap after the apply",
        String.format(
            Locale.ROOT,
            "%.0f MB (+%.1f KB per resource)",
            retainedBytes / MB,
            (retainedBytes - a.phase().heapBaselineBytes()) / 1024.0 / a.phase().operations()),
        "used heap after System.gc() once the apply ended, against the live heap before it");
  }

  private static String howMeasured() {
    return String.join(
        "\n",
        "How the table was measured:",
        "",
        "- Operations are updates that ended, as the engine reports them"
            + " (`EngineMetrics.updateEnded`); in flight is started minus ended, integrated over"
            + " time for its mean and for the updaters' mean lifetime (start to stop).",
        "- CPU is the whole process's CPU time (`getProcessCpuTime`): engine, simulator, store,"
            + " JDBC, GC and JIT. The simulator runs in the engine's threads, so its time is the"
            + " time inside plugin calls (`EngineMetrics.pluginCall`).",
        "- An update's duration runs from the persister recording its attempt (InProgress) to"
            + " recording its final state, by the timestamps of the command's progress stream."
            + " It includes one status poll interval and the journal writes of the request"
            + " token and the end, but not what comes before the attempt is recorded (resolving"
            + " references, the rate limiter, the persister's queue): the updater lifetime does."
            + " EngineMetrics reports updater starts without the update's identity, so only"
            + " their mean is known.",
        "- Events journaled are the `EngineMetrics.persisted` callbacks: each event a command"
            + " persister wrote (attempts, tokens, ends, state changes).",
        "- The heap's pool peaks are reset at each phase's start, after a full collection whose"
            + " result is the live baseline.");
  }
}
