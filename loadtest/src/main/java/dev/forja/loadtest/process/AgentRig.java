package dev.forja.loadtest.process;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.forja.loadtest.generate.EnvironmentGenerator;
import dev.forja.loadtest.report.Report;
import dev.forja.loadtest.scenario.RunOptions;
import dev.forja.loadtest.store.ScratchStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the agent and resume scenarios run against, as a user would set it up: a scratch store, the
 * simulator server ({@code forja sim start}) with latency and throttling, a generated forma whose
 * targets are AWS targets pointed at that server, and an agent ({@code forja agent start
 * --foreground}) on the store. Child processes log into a scratch folder, which {@link #close}
 * deletes unless {@link #keepLogs} was called; it also kills whatever still runs and drops the
 * store.
 */
public final class AgentRig implements AutoCloseable {
  /** How often the agent polls an operation in progress: the sim's latency is ms, not minutes. */
  public static final String CHECK_INTERVAL = "100ms";

  /**
   * Requests per second per target, for the engine's limiter and the AWS plugin's: high enough that
   * neither limits the run, which measures the engine against the sim's latency.
   */
  public static final int RATE_LIMIT = 100_000;

  /** The agent JVM's heap: room for a 10,000-resource command with its inventory. */
  public static final String AGENT_HEAP = "3g";

  private static final String MAX_IN_FLIGHT = "forja.engine.executor.max-in-flight-updates";

  private final Path scratch;
  private final ScratchStore store;
  private final SimServerProcess sim;
  private final ObjectNode forma;
  private final Map<String, String> agentSettings;
  private final int inFlightLimit;
  private final boolean postgresql;
  private final List<AgentJvm> agents = new ArrayList<>();
  private boolean keepLogs;

  private AgentRig(
      Path scratch,
      ScratchStore store,
      SimServerProcess sim,
      ObjectNode forma,
      Map<String, String> agentSettings,
      int inFlightLimit,
      boolean postgresql) {
    this.scratch = scratch;
    this.store = store;
    this.sim = sim;
    this.forma = forma;
    this.agentSettings = agentSettings;
    this.inFlightLimit = inFlightLimit;
    this.postgresql = postgresql;
  }

  /** What a scenario does with a started rig. */
  @FunctionalInterface
  public interface Body {
    void run(AgentRig rig) throws Exception;
  }

  /**
   * Starts a rig as {@code options} say for {@code count} resources, runs {@code body} with it, and
   * closes it; the rig's logs are kept, and the report names them, when the run failed or threw.
   */
  public static void runIn(RunOptions options, int count, Report report, Body body)
      throws Exception {
    try (AgentRig rig =
        start(
            options.postgresql(),
            options.pgUrl(),
            options.latencyMs(),
            options.throttleRate(),
            options.maxInFlight(),
            count,
            options.seed())) {
      try {
        body.run(rig);
      } catch (Exception | Error e) {
        AgentReport.keepLogs(rig, report);
        throw e;
      }
      if (!report.failures().isEmpty()) {
        AgentReport.keepLogs(rig, report);
      }
    }
  }

  /**
   * Starts the sim server and generates the forma of {@code count} resources from {@code seed}; no
   * agent yet ({@link #startAgent}).
   *
   * @param postgresql a PostgreSQL store on the server {@code pgUrl} names, else SQLite
   * @param latencyMs the sim's latency per mutation, {@code MIN-MAX}
   * @param throttleRate the share of sim calls answered ThrottlingException
   * @param maxInFlight the engine's max-in-flight-updates; 0 keeps its default
   */
  public static AgentRig start(
      boolean postgresql,
      String pgUrl,
      String latencyMs,
      double throttleRate,
      int maxInFlight,
      int count,
      long seed)
      throws IOException {
    Path scratch = Files.createTempDirectory("forja-loadtest-");
    ScratchStore store = null;
    SimServerProcess sim = null;
    try {
      store = postgresql ? ScratchStore.postgresql(pgUrl) : ScratchStore.sqlite();
      sim = SimServerProcess.start(scratch, latencyMs, throttleRate);
      ObjectNode config =
          Http.JSON
              .createObjectNode()
              .put("Endpoint", sim.endpoint().toString())
              .put("RateLimit", RATE_LIMIT);
      ObjectNode forma =
          EnvironmentGenerator.retarget(EnvironmentGenerator.generate(count, seed), "AWS", config);
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("forja.engine.status.check-interval", CHECK_INTERVAL);
      settings.put("forja.engine.rate-limit.overrides.AWS", Integer.toString(RATE_LIMIT));
      if (maxInFlight > 0) {
        settings.put(MAX_IN_FLIGHT, Integer.toString(maxInFlight));
      }
      int limit =
          maxInFlight > 0 ? maxInFlight : ConfigFactory.defaultReference().getInt(MAX_IN_FLIGHT);
      return new AgentRig(scratch, store, sim, forma, Map.copyOf(settings), limit, postgresql);
    } catch (IOException | RuntimeException e) {
      if (sim != null) {
        sim.close();
      }
      if (store != null) {
        store.close();
      }
      delete(scratch);
      throw e;
    }
  }

  /** Starts an agent named {@code name} on the store; the one {@link #agent} returns from now. */
  public AgentJvm startAgent(String name) {
    AgentJvm agent = AgentJvm.start(name, scratch, store.config(), agentSettings, AGENT_HEAP);
    agents.add(agent);
    return agent;
  }

  /** The agent last started. */
  public AgentJvm agent() {
    if (agents.isEmpty()) {
      throw new IllegalStateException("no agent started yet");
    }
    return agents.get(agents.size() - 1);
  }

  /** The simulator server. */
  public SimServerProcess sim() {
    return sim;
  }

  /** The forma, on AWS targets pointed at the sim. */
  public ObjectNode forma() {
    return forma;
  }

  /** The engine's max-in-flight-updates the agent runs with. */
  public int inFlightLimit() {
    return inFlightLimit;
  }

  /** The store's kind, for the report (no machine paths). */
  public String describeStoreKind() {
    return postgresql ? "PostgreSQL, a fresh database" : "SQLite, a fresh file";
  }

  /** The {@code -D} settings the agent runs with, as {@code key=value} text for the report. */
  public String describeAgentSettings() {
    StringBuilder b = new StringBuilder("-Xmx").append(AGENT_HEAP);
    agentSettings.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> b.append(" -D").append(e.getKey()).append('=').append(e.getValue()));
    return b.toString();
  }

  /** The scratch folder holding the children's logs. */
  public Path scratch() {
    return scratch;
  }

  /**
   * Keeps the scratch folder and its logs after {@link #close}, for a failed run, with the sim's op
   * log saved as {@code sim-oplog.json} if the sim still answers.
   */
  public void keepLogs() {
    keepLogs = true;
    try {
      Files.writeString(scratch.resolve("sim-oplog.json"), sim.oplogText(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // The logs are kept all the same; the op log is a bonus of a sim that still answers.
    }
  }

  /** Stops the agent and the sim (killing them if they linger), drops the store, deletes logs. */
  @Override
  public void close() {
    try {
      for (int i = agents.size() - 1; i >= 0; i--) {
        agents.get(i).close();
      }
    } finally {
      try {
        sim.close();
      } finally {
        try {
          store.close();
        } finally {
          if (!keepLogs) {
            delete(scratch);
          }
        }
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
