package dev.forja.http;

import dev.forja.actors.ForjaEngine;
import dev.forja.http.metrics.AgentMetrics;
import dev.forja.http.metrics.MetricsEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * The agent's HTTP API, served by Pekko HTTP on the engine's actor system. {@link #close} unbinds
 * it and ends its connections (progress streams included); the engine goes on until it is closed
 * itself. The binding also ends with the actor system's coordinated shutdown.
 *
 * <pre>{@code
 * AgentMetrics metrics = new AgentMetrics();
 * try (ForjaEngine engine = ForjaEngine.builder().metrics(metrics).start();
 *     AgentServer server = AgentServer.start(engine, AgentSettings.fromConfig(config), metrics)) {
 *   System.out.println("listening on " + server.url());
 *   ...
 * }
 * }</pre>
 */
public final class AgentServer implements AutoCloseable {
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private final ServerBinding binding;
  private final String host;

  private AgentServer(ServerBinding binding, String host) {
    this.binding = binding;
    this.host = host;
  }

  /**
   * Serves {@code engine} as {@code settings} say and blocks until bound; {@code /metrics} serves
   * the engine's {@link AgentMetrics} when it was built with one, else HTTP metrics only.
   *
   * @throws IllegalArgumentException when the settings would expose the API without a token
   * @throws IllegalStateException when the address cannot be bound (in use, not local)
   */
  public static AgentServer start(ForjaEngine engine, AgentSettings settings) {
    return start(
        engine, settings, engine.metrics() instanceof AgentMetrics m ? m : new AgentMetrics());
  }

  /**
   * Serves {@code engine} as {@code settings} say and blocks until bound; {@code /metrics} serves
   * {@code metrics}. When it is an {@link AgentMetrics}, every request is timed into it too.
   *
   * @throws IllegalArgumentException when the settings would expose the API without a token
   * @throws IllegalStateException when the address cannot be bound (in use, not local)
   */
  public static AgentServer start(
      ForjaEngine engine, AgentSettings settings, MetricsEndpoint metrics) {
    settings.requireSafeBinding();
    ActorSystem<?> system = engine.actorSystem();
    Route route = ApiRoutes.create(engine, settings, metrics).route();
    if (metrics instanceof AgentMetrics timed) {
      route = timed.timed(route);
    }
    ServerSettings server = ServerSettings.create(system.classicSystem());
    // The parser's own limit would cut bodies at Pekko's default; the routes enforce ours.
    server =
        server.withParserSettings(
            server.getParserSettings().withMaxContentLength(settings.maxBodyBytes()));
    try {
      ServerBinding binding =
          Http.get(system)
              .newServerAt(settings.host(), settings.port())
              .withSettings(server)
              .bind(route)
              .toCompletableFuture()
              .get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      binding.addToCoordinatedShutdown(DRAIN, system);
      return new AgentServer(binding, settings.host());
    } catch (ExecutionException | CompletionException e) {
      throw new IllegalStateException(
          "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "binding " + settings.host() + ":" + settings.port() + " took over " + BIND_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding", e);
    }
  }

  /** The port it listens on (the ephemeral one chosen, for port 0). */
  public int port() {
    return binding.localAddress().getPort();
  }

  /** The address it listens on. */
  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /**
   * The URL clients on this machine use: {@code http://127.0.0.1:<port>} when bound to loopback or
   * to every address, else the bound host's.
   */
  public String url() {
    InetAddress a = binding.localAddress().getAddress();
    String h = a == null || a.isAnyLocalAddress() || a.isLoopbackAddress() ? "127.0.0.1" : host;
    if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return "http://" + h + ":" + port();
  }

  /** Unbinds, and ends open connections within a few seconds; the engine is not closed. */
  @Override
  public void close() {
    binding.terminate(DRAIN).toCompletableFuture().join();
  }
}
