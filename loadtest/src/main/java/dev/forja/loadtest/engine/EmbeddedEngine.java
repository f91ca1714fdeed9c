package dev.forja.loadtest.engine;

import com.sun.management.OperatingSystemMXBean;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.ForjaEngine;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.model.Forma;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link ForjaEngine} embedded in this process on a store, with the in-process simulator as its
 * only plugin (zero latency, no faults) and a {@link RecordingMetrics}: what the engine scenario
 * measures. {@link #apply} and {@link #destroy} each run one command to its end and return what the
 * phase measured.
 */
public final class EmbeddedEngine implements AutoCloseable {
  /**
   * How often the engine polls an operation in progress. The simulator answers every mutation in
   * progress and settles it at once, so each create and delete waits one interval for its status
   * poll. The default (5 s) would make the run measure that wait; 10 ms is Pekko's scheduler tick,
   * the shortest timer it keeps.
   */
  public static final Duration CHECK_INTERVAL = Duration.ofMillis(10);

  /** The settings key of the updates one command runs at once. */
  public static final String MAX_IN_FLIGHT = "forja.engine.executor.max-in-flight-updates";

  private static final String CHECK_INTERVAL_KEY = "forja.engine.status.check-interval";
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final ForjaEngine forja;
  private final SimCloud cloud;
  private final RecordingMetrics metrics;
  private final LiveHeap liveHeap = LiveHeap.start();

  private EmbeddedEngine(ForjaEngine forja, SimCloud cloud, RecordingMetrics metrics) {
    this.forja = forja;
    this.cloud = cloud;
    this.metrics = metrics;
  }

  /**
   * The configuration an embedded engine of the load tests runs with: {@code overrides} (engine
   * settings keys) over the store's keys, Pekko logging through SLF4J at WARN (a log line per
   * update would be load of its own), then the application's configuration.
   */
  public static Config config(Config storeConfig, Map<String, Object> overrides) {
    return ConfigFactory.parseMap(new HashMap<>(overrides))
        .withFallback(storeConfig)
        .withFallback(
            ConfigFactory.parseString(
                String.join(
                    "\n",
                    "pekko.loglevel = WARNING",
                    "pekko.stdout-loglevel = WARNING",
                    "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
                    "pekko.logging-filter ="
                        + " \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"")))
        .withFallback(ConfigFactory.load());
  }

  /**
   * Starts an engine on the store {@code storeConfig} describes ({@code forja.home}, {@code
   * forja.store} and its keys), over a fresh in-memory simulator.
   *
   * @param maxInFlight the engine's {@value #MAX_IN_FLIGHT}; 0 or less keeps its default
   */
  public static EmbeddedEngine start(Config storeConfig, int maxInFlight) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(CHECK_INTERVAL_KEY, CHECK_INTERVAL.toMillis() + "ms");
    if (maxInFlight > 0) {
      overrides.put(MAX_IN_FLIGHT, maxInFlight);
    }
    Config config = config(storeConfig, overrides);
    SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
    RecordingMetrics metrics = new RecordingMetrics();
    ForjaEngine forja =
        ForjaEngine.builder()
            .config(config)
            .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
            .metrics(metrics)
            .start();
    return new EmbeddedEngine(forja, cloud, metrics);
  }

  /** The engine. */
  public ForjaEngine forja() {
    return forja;
  }

  /** The simulator behind the engine's only plugin. */
  public SimCloud cloud() {
    return cloud;
  }

  /** What the engine reported. */
  public RecordingMetrics metrics() {
    return metrics;
  }

  /** The heap after each collection, for the whole run. */
  public LiveHeap liveHeap() {
    return liveHeap;
  }

  /** Applies {@code forma} (reconcile) and waits for the command's end, up to {@code timeout}. */
  public Phase apply(Forma forma, Duration timeout) throws InterruptedException {
    return run("apply", () -> forja.apply(forma, PlanMode.RECONCILE), timeout);
  }

  /** Destroys {@code forma} and waits for the command's end, up to {@code timeout}. */
  public Phase destroy(Forma forma, Duration timeout) throws InterruptedException {
    return run("destroy", () -> forja.destroy(forma, OnDependents.ABORT), timeout);
  }

  private Phase run(
      String name, Supplier<CompletionStage<BridgeActor.SubmitReply>> submit, Duration timeout)
      throws InterruptedException {
    HeapWatch heap = HeapWatch.start();
    liveHeap.maxBytesAndReset();
    RecordingMetrics.Snapshot before = metrics.snapshot();
    long deadline = System.nanoTime() + timeout.toNanos();
    long cpu0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    BridgeActor.SubmitReply reply = await(submit.get(), deadline, name + ": submit");
    long accepted = System.nanoTime();
    if (!(reply instanceof BridgeActor.Accepted a)) {
      throw new PhaseFailed(name + ": the engine did not accept the command: " + reply);
    }
    UpdateDurations durations = new UpdateDurations();
    FormaCommand ended;
    long t1;
    long cpu1;
    ForjaEngine.Subscription subscription = forja.subscribe(a.commandId(), durations);
    try {
      ended = await(forja.awaitEnd(a.commandId()), deadline, name + ": command " + a.commandId());
      t1 = System.nanoTime();
      cpu1 = OS.getProcessCpuTime();
      // Progress reaches each subscriber in order: once this one has the command's end, it has
      // every update's too.
      await(durations.finalSeen(), deadline, name + ": the progress of " + a.commandId());
    } finally {
      subscription.close();
    }
    // An updater stops just after it records its end, so the last stops may trail the command's.
    while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    RecordingMetrics.Snapshot counted = metrics.snapshot().minus(before);
    return new Phase(
        name,
        ended,
        t1 - t0,
        accepted - t0,
        cpu1 - cpu0,
        counted,
        metrics.inFlight(),
        durations,
        heap.baselineBytes(),
        heap.peakBytes(),
        Math.max(heap.baselineBytes(), liveHeap.maxBytesAndReset()));
  }

  private static <T> T await(CompletionStage<T> stage, long deadline, String what)
      throws InterruptedException {
    long left = Math.max(0, deadline - System.nanoTime());
    try {
      return stage.toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new PhaseFailed(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new PhaseFailed(what + " did not end in time", e);
    }
  }

  /** Stops the engine; the simulator is in memory and goes with it. */
  @Override
  public void close() {
    liveHeap.close();
    forja.close();
  }

  /**
   * What one command measured.
   *
   * @param name apply or destroy
   * @param command the command as it ended
   * @param wallNanos from submitting to the command's end
   * @param acceptNanos from submitting to the engine's Accepted reply (plan and store the command)
   * @param cpuNanos the process's CPU time (every thread: engine, simulator, store, GC, JIT) over
   *     {@code wallNanos}
   * @param counted what the metrics counted in the phase
   * @param inFlightAfter updates still in flight once the phase's wait for them ended (0 expected)
   * @param durations every update's duration
   * @param heapBaselineBytes the live heap before the phase (after a full collection)
   * @param heapPeakBytes the heap pools' summed peak over the phase
   * @param heapLiveMaxBytes the largest heap in use just after a collection during the phase
   */
  public record Phase(
      String name,
      FormaCommand command,
      long wallNanos,
      long acceptNanos,
      long cpuNanos,
      RecordingMetrics.Snapshot counted,
      int inFlightAfter,
      UpdateDurations durations,
      long heapBaselineBytes,
      long heapPeakBytes,
      long heapLiveMaxBytes) {
    /** Updates that ended in the phase: its resource operations. */
    public long operations() {
      return counted.endedTotal();
    }

    /** Seconds of wall time. */
    public double seconds() {
      return wallNanos / 1e9;
    }

    /** Operations per second of wall time. */
    public double operationsPerSecond() {
      return operations() / seconds();
    }
  }

  /** A phase could not run to its end: not accepted, failed or timed out. */
  public static final class PhaseFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PhaseFailed(String message) {
      super(message);
    }

    PhaseFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
