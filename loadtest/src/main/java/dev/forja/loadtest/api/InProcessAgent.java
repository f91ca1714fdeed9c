package dev.forja.loadtest.api;

import com.typesafe.config.Config;
import dev.forja.actors.ForjaEngine;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.http.AgentServer;
import dev.forja.http.AgentSettings;
import dev.forja.http.metrics.AgentMetrics;
import dev.forja.loadtest.engine.EmbeddedEngine;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent as {@code forja agent start} composes it (an engine with {@link AgentMetrics}, its HTTP
 * API on loopback) but in this JVM, over an in-process simulator the caller owns: the api scenario
 * measures the API, not a child process. The port is an ephemeral one.
 */
public final class InProcessAgent implements AutoCloseable {
  /** The settings key of how often the engine polls an operation in progress. */
  public static final String CHECK_INTERVAL = "forja.engine.status.check-interval";

  /** The settings key of the updates one command runs at once. */
  public static final String MAX_IN_FLIGHT = "forja.engine.executor.max-in-flight-updates";

  private final ForjaEngine engine;
  private final AgentServer server;
  private final AgentMetrics metrics;

  private InProcessAgent(ForjaEngine engine, AgentServer server, AgentMetrics metrics) {
    this.engine = engine;
    this.server = server;
    this.metrics = metrics;
  }

  /**
   * Starts the engine on the store {@code storeConfig} describes, with {@code overrides} (engine
   * settings keys) over it, and serves its API on {@code 127.0.0.1} at a free port.
   */
  public static InProcessAgent start(
      Config storeConfig, Map<String, Object> overrides, SimCloud cloud) {
    Config config = EmbeddedEngine.config(storeConfig, overrides);
    AgentMetrics metrics = new AgentMetrics();
    ForjaEngine engine =
        ForjaEngine.builder()
            .config(config)
            .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
            .metrics(metrics)
            .start();
    try {
      AgentServer server =
          AgentServer.start(engine, AgentSettings.fromConfig(config).withPort(0), metrics);
      return new InProcessAgent(engine, server, metrics);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /** The engine behind the API. */
  public ForjaEngine engine() {
    return engine;
  }

  /** The API's base address, such as {@code http://127.0.0.1:41234}. */
  public String url() {
    return server.url();
  }

  /** Resource updates running now, as {@code forja_updates_in_flight} reports them. */
  public double updatesInFlight() {
    return metrics.registry().get("forja.updates.in.flight").gauge().value();
  }

  /** Resource updates ended since the start, every operation and final state. */
  public long updatesEnded() {
    double sum = 0;
    for (Counter c : metrics.registry().find("forja.updates").counters()) {
      sum += c.count();
    }
    return Math.round(sum);
  }

  /**
   * How many {@code method} requests to the route of {@code path} the server answered since the
   * start, and their summed time to the start of the response.
   */
  public ServerTime serverTime(String method, String path) {
    String route = metrics.routeOf(path);
    long count = 0;
    double seconds = 0;
    for (Timer t :
        metrics
            .registry()
            .find("forja.http.server.requests")
            .tag("method", method)
            .tag("route", route)
            .timers()) {
      count += t.count();
      seconds += t.totalTime(TimeUnit.SECONDS);
    }
    return new ServerTime(count, seconds);
  }

  /**
   * The server's own count and summed time of one route's requests.
   *
   * @param count requests answered
   * @param seconds their summed time from the request to the start of the response
   */
  public record ServerTime(long count, double seconds) {
    /** The mean time per request from {@code before} to this, in milliseconds. */
    public double meanMsSince(ServerTime before) {
      long n = count - before.count;
      return n <= 0 ? 0 : (seconds - before.seconds) * 1_000 / n;
    }
  }

  /** Unbinds the API, then stops the engine; the simulator stays its owner's. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      engine.close();
    }
  }
}
