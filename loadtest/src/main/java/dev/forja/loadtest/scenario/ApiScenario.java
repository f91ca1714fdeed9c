package dev.forja.loadtest.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.ForjaEngine;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.input.InputFormat;
import dev.forja.loadtest.api.AgentApi;
import dev.forja.loadtest.api.ApiCall;
import dev.forja.loadtest.api.ApiFigures;
import dev.forja.loadtest.api.ConstantRateLoad;
import dev.forja.loadtest.api.InProcessAgent;
import dev.forja.loadtest.api.PhaseResult;
import dev.forja.loadtest.api.PhaseRun;
import dev.forja.loadtest.generate.EnvironmentGenerator;
import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.report.Sampler;
import dev.forja.loadtest.report.TimeSeries;
import dev.forja.loadtest.store.ScratchStore;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The api scenario: while an N-resource apply runs, an open-model load generator ({@link
 * ConstantRateLoad}) drives the agent's API at each rate of {@code --rates} and records latency per
 * endpoint, corrected for coordinated omission. The agent runs in this JVM ({@link InProcessAgent})
 * over the in-process simulator with {@code --latency-ms}; afterwards the apply must end Success
 * N/N, and a destroy on a fresh engine must leave the simulator empty. A missed latency bar is a
 * figure; the run fails only for a wrong apply or destroy, or unexplained errors.
 */
public final class ApiScenario implements Scenario {
  /** The unrecorded lead-in of each phase (shorter phases get a lead-in as long as themselves). */
  static final Duration WARM_UP = Duration.ofSeconds(5);

  /**
   * The apply's status poll. The engine's default (5 s) would stretch a 10,000-resource apply to
   * about 17 minutes and hide the simulator's latency; 1 s keeps it a few minutes long, longer than
   * three 25 s phases.
   */
  static final String APPLY_CHECK_INTERVAL = "1 s";

  /** The cleanup destroy's poll, on a simulator without latency: it is not measured. */
  static final String DESTROY_CHECK_INTERVAL = "10ms";

  /** The size of the forma the simulate requests plan. */
  static final int PROBE_RESOURCES = 10;

  private static final Duration SUBMIT_WAIT = Duration.ofMinutes(5);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Override
  public String name() {
    return "api";
  }

  /** What the apply under load measured. */
  private record Measured(
      List<PhaseRun> runs,
      List<TimeSeries> requests,
      TimeSeries inFlight,
      TimeSeries updates,
      FormaCommand apply,
      double applySeconds,
      long threadsStarted) {}

  @Override
  public void run(RunOptions options, int count, Report report) throws Exception {
    SimSettings sim = simSettings(options.latencyMs());
    ObjectNode forma = EnvironmentGenerator.generate(count, options.seed());
    // Another seed: other stack labels, so the simulated plan is creates only.
    ObjectNode probe = EnvironmentGenerator.generate(PROBE_RESOURCES, options.seed() + 1);
    String stack = forma.get("Stacks").get(0).get("Label").asText();
    Duration phase = Duration.ofSeconds(options.phaseSeconds());
    Duration warmUp = WARM_UP.compareTo(phase) < 0 ? WARM_UP : phase;
    try (ScratchStore store =
            options.postgresql()
                ? ScratchStore.postgresql(options.pgUrl())
                : ScratchStore.sqlite();
        SimCloud cloud = SimCloud.inMemory(sim)) {
      Map<String, Object> overrides = new HashMap<>();
      overrides.put(InProcessAgent.CHECK_INTERVAL, APPLY_CHECK_INTERVAL);
      if (options.maxInFlight() > 0) {
        overrides.put(InProcessAgent.MAX_IN_FLIGHT, options.maxInFlight());
      }
      Measured m;
      try (InProcessAgent agent = InProcessAgent.start(store.config(), overrides, cloud)) {
        report.text(setup(sim, options, warmUp, phase, stack, forma));
        m = applyUnderLoad(agent, forma, probe, "stack:" + stack, options, warmUp, phase, count);
      }
      judgeApply(report, m, count);
      if (m.apply() != null) {
        destroy(report, store, cloud, forma, count);
      }
      render(report, m, options);
    }
  }

  private static Measured applyUnderLoad(
      InProcessAgent agent,
      ObjectNode forma,
      ObjectNode probe,
      String query,
      RunOptions options,
      Duration warmUp,
      Duration phase,
      int count)
      throws IOException, InterruptedException {
    ForjaEngine engine = agent.engine();
    AgentApi api = new AgentApi(agent.url());
    List<PhaseRun> runs = new ArrayList<>();
    // Closed before the agent stops, in finally: its last samples are the agent's.
    Sampler sampler = Sampler.start(Duration.ofSeconds(1));
    try (ConstantRateLoad load =
        ConstantRateLoad.create(
            ConstantRateLoad.DEFAULT_TIMEOUT, ConstantRateLoad.DEFAULT_MAX_IN_FLIGHT)) {
      TimeSeries sent = sampler.rate("requests sent/s", load::sent);
      TimeSeries answered = sampler.rate("answers/s", load::answered);
      TimeSeries inFlight = sampler.gauge("updates in flight", agent::updatesInFlight);
      TimeSeries updates = sampler.rate("updates ended/s", agent::updatesEnded);
      long threads0 = THREADS.getTotalStartedThreadCount();
      long clock0 = System.nanoTime();
      double seconds0 = sampler.elapsedSeconds();
      long submitted = System.nanoTime();
      String id = api.apply(forma);
      AtomicLong endedAt = new AtomicLong();
      CompletableFuture<FormaCommand> end =
          engine
              .awaitEnd(id)
              .toCompletableFuture()
              .whenComplete((c, e) -> endedAt.set(System.nanoTime()));
      awaitStarted(engine, id);
      List<ApiCall> calls = api.calls(id, query, probe);
      api.check(calls);
      for (int rate : options.rates()) {
        Map<String, InProcessAgent.ServerTime> before = serverTimes(agent, calls);
        PhaseResult r = load.run(calls, rate, warmUp, phase);
        Map<String, Double> serverMs = new LinkedHashMap<>();
        serverTimes(agent, calls).forEach((k, v) -> serverMs.put(k, v.meanMsSince(before.get(k))));
        boolean inside = !end.isDone() || endedAt.get() - r.windowToNanos() >= 0;
        runs.add(
            new PhaseRun(
                r,
                serverMs,
                seconds0 + (r.windowFromNanos() - clock0) / 1e9,
                seconds0 + (r.windowToNanos() - clock0) / 1e9,
                inside));
      }
      FormaCommand ended = await(end, applyDeadline(count), "the apply " + id);
      return new Measured(
          runs,
          List.of(sent, answered),
          inFlight,
          updates,
          ended,
          ended == null ? 0 : (endedAt.get() - submitted) / 1e9,
          THREADS.getTotalStartedThreadCount() - threads0);
    } finally {
      sampler.close();
    }
  }

  /** Waits until the apply has left NotStarted (it may even have ended, at tiny N). */
  private static void awaitStarted(ForjaEngine engine, String id) throws InterruptedException {
    long deadline = System.nanoTime() + SUBMIT_WAIT.toNanos();
    while (System.nanoTime() - deadline < 0) {
      var c = await(engine.status(id).toCompletableFuture(), SUBMIT_WAIT, id);
      if (c != null && c.isPresent() && c.get().state() != CommandState.NOT_STARTED) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new IllegalStateException("the apply " + id + " did not start within " + SUBMIT_WAIT);
  }

  private static Map<String, InProcessAgent.ServerTime> serverTimes(
      InProcessAgent agent, List<ApiCall> calls) {
    Map<String, InProcessAgent.ServerTime> out = new LinkedHashMap<>();
    for (ApiCall c : calls) {
      out.put(c.name(), agent.serverTime(c.method(), c.uri().getPath()));
    }
    return out;
  }

  private static void judgeApply(Report report, Measured m, int count) {
    FormaCommand c = m.apply();
    if (c == null) {
      report.fail("the apply did not end in time");
      return;
    }
    int success = c.counts().get(UpdateState.SUCCESS);
    report.figure(
        "apply",
        String.format(
            Locale.ROOT,
            "%s, %,d/%,d updates Success, %.0f s",
            c.state().wire(),
            success,
            count,
            m.applySeconds()),
        "from POST /commands to the command's end; its updates counted by final state");
    if (c.state() != CommandState.SUCCESS || success != count || c.updates().size() != count) {
      report.fail(
          "the apply ended " + c.state().wire() + " with " + success + "/" + count + " Success");
      ApiFigures.unsuccessful(report, c);
    }
  }

  /**
   * Destroys what the apply created, on a fresh engine over the same store whose simulator answers
   * at once and that polls every {@value #DESTROY_CHECK_INTERVAL}: cleanup, not measured.
   */
  private static void destroy(
      Report report, ScratchStore store, SimCloud cloud, ObjectNode forma, int count)
      throws InterruptedException {
    cloud.configure(SimSettings.IDEAL);
    try (InProcessAgent agent =
        InProcessAgent.start(
            store.config(), Map.of(InProcessAgent.CHECK_INTERVAL, DESTROY_CHECK_INTERVAL), cloud)) {
      ForjaEngine engine = agent.engine();
      var reply =
          await(
              engine
                  .destroy(
                      engine.read(EnvironmentGenerator.json(forma), InputFormat.JSON),
                      OnDependents.ABORT)
                  .toCompletableFuture(),
              SUBMIT_WAIT,
              "the destroy");
      if (!(reply instanceof BridgeActor.Accepted a)) {
        report.fail("the destroy was not accepted: " + reply);
        return;
      }
      FormaCommand c =
          await(
              engine.awaitEnd(a.commandId()).toCompletableFuture(),
              applyDeadline(count),
              "destroy");
      int left = cloud.resourceCount();
      int success = c == null ? 0 : c.counts().get(UpdateState.SUCCESS);
      int updates = c == null ? 0 : c.updates().size();
      report.figure(
          "destroy",
          String.format(
              Locale.ROOT,
              "%s, %,d/%,d updates Success, %,d resources left in the sim",
              c == null ? "did not end" : c.state().wire(),
              success,
              updates,
              left),
          "a destroy of the same forma on a fresh engine over the same store (it deletes what the"
              + " apply created); the sim counted after");
      if (c == null || c.state() != CommandState.SUCCESS || success != updates) {
        report.fail("the destroy did not end Success with every update Success");
      }
      if (left != 0) {
        report.fail(left + " resources left in the sim after the destroy");
      }
    }
  }

  private static void render(Report report, Measured m, RunOptions options) {
    report.text(
        "In the latency charts: status is "
            + AgentApi.STATUS
            + ", list "
            + AgentApi.LIST
            + ", query "
            + AgentApi.INVENTORY
            + ", simulate "
            + AgentApi.SIMULATE
            + ".");
    ApiFigures.summary(report, m.runs(), options.smoke(), AgentApi.SHORT_NAMES);
    report.figure(
        "threads started",
        String.format(
            Locale.ROOT,
            "%,d (%.0f/s); ForkJoinPool common parallelism %d",
            m.threadsStarted(),
            m.applySeconds() <= 0 ? 0 : m.threadsStarted() / m.applySeconds(),
            ForkJoinPool.getCommonPoolParallelism()),
        "JVM threads started from the apply's submission to its end (ThreadMXBean). With a"
            + " common parallelism of 1 (2 cores), CompletableFuture's default executor starts a"
            + " thread per task, and Pekko's Java asks complete through it");
    report.lineChart("requests", "Requests per second", "requests/s", m.requests());
    report.lineChart(
        "in-flight", "Apply: resource updates in flight", "updates", List.of(m.inFlight()));
    report.lineChart("updates", "Apply: resource updates ended", "updates/s", List.of(m.updates()));
  }

  private static String setup(
      SimSettings sim,
      RunOptions options,
      Duration warmUp,
      Duration phase,
      String stack,
      ObjectNode forma) {
    long stackSize = 0;
    for (JsonNode r : forma.get("Resources")) {
      if (stack.equals(r.path("Stack").asText())) {
        stackSize++;
      }
    }
    return String.format(
        Locale.ROOT,
        "The agent runs in this JVM: an engine on %s over the in-process simulator (%d–%d ms per"
            + " create, update or delete; no throttling, no errors), its HTTP API served by Pekko"
            + " HTTP on 127.0.0.1 at an ephemeral port. The open-model load generator (java.net.http, HTTP/1.1) shares the"
            + " JVM and the machine's %d cores with it: every figure includes the generator's own"
            + " CPU. The engine polls operations every %s (its default, 5 s, would stretch a"
            + " 10,000-resource apply to about 17 minutes) and runs %s updates at once.%n%n"
            + "While the apply runs, one phase per rate of %s requests/min: %d s warm-up at the"
            + " phase's rate (not recorded), then %d s recorded. The calls, in turn: GET"
            + " /commands/{id} of the running apply (its body lists every update, so it grows"
            + " with N), GET /commands (the 20 most recent), GET /resources?query=stack:%s (%d"
            + " resources once created), and POST /commands with `\"Simulate\": true` of a"
            + " %d-resource forma (seed %d: other stacks, so its plan is %d creates).",
        options.postgresql() ? "a scratch PostgreSQL database" : "a scratch SQLite file",
        sim.latencyMin().toMillis(),
        sim.latencyMax().toMillis(),
        Runtime.getRuntime().availableProcessors(),
        APPLY_CHECK_INTERVAL,
        options.maxInFlight() > 0 ? String.valueOf(options.maxInFlight()) : "50 (the default)",
        String.join(
            ", ", options.rates().stream().map(r -> String.format(Locale.ROOT, "%,d", r)).toList()),
        warmUp.toSeconds(),
        phase.toSeconds(),
        stack,
        stackSize,
        PROBE_RESOURCES,
        options.seed() + 1,
        PROBE_RESOURCES);
  }

  /** {@code MIN-MAX} (or one number) in milliseconds as the simulator's settings. */
  static SimSettings simSettings(String latencyMs) {
    String[] parts = latencyMs.strip().split("-", 2);
    try {
      long min = Long.parseLong(parts[0].strip());
      long max = parts.length > 1 ? Long.parseLong(parts[1].strip()) : min;
      if (min < 0 || max < min) {
        throw new IllegalArgumentException("--latency-ms: need 0 <= MIN <= MAX: " + latencyMs);
      }
      return new SimSettings(Duration.ofMillis(min), Duration.ofMillis(max), 0, 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--latency-ms: MIN-MAX in ms, not " + latencyMs, e);
    }
  }

  /** How long the apply (or the cleanup destroy) may take: generous, it is a safety net. */
  private static Duration applyDeadline(int count) {
    return Duration.ofMinutes(10).plusMillis(200L * count);
  }

  /** The stage's value, or null when it did not complete within {@code wait}. */
  private static <T> T await(CompletableFuture<T> stage, Duration wait, String what)
      throws InterruptedException {
    try {
      return stage.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    }
  }
}
