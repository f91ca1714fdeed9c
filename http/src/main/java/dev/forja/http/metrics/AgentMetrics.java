package dev.forja.http.metrics;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.plugin.PluginOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The agent's metrics, served as Prometheus text by {@code GET /api/v1/metrics}. Give it to the
 * engine ({@code ForjaEngine.builder().metrics(m)}) for the engine's metrics, and time the HTTP
 * routes with {@link #timed} (or {@link #httpRequest}).
 *
 * <ul>
 *   <li>{@code forja_commands{state}} (gauge): commands by state. NotStarted, InProgress and
 *       Canceling count the commands in that state now; Success, Failed and Canceled count those
 *       that ended so, since the agent started. Kept from the engine's reports, not read from the
 *       read model: a scrape costs no database query.
 *   <li>{@code forja_updates_total{operation, state}} (counter): resource updater nodes ended, by
 *       node operation (create, update, delete; a replace is a delete node and a create node) and
 *       final state.
 *   <li>{@code forja_updates_in_flight} (gauge): resource updaters running now.
 *   <li>{@code forja_plugin_call_seconds{namespace, operation, outcome}} (histogram): each plugin
 *       request, status polls (operation {@code status}) included; outcome {@code success}, {@code
 *       in_progress}, {@code failed}, {@code error} or {@code timeout}.
 *   <li>{@code forja_persist_seconds} (histogram): journal latency of a command event.
 *   <li>{@code forja_http_server_requests_seconds{method, route, status}} (histogram): HTTP
 *       requests to the start of their response, by route template ({@code /api/v1/commands/{id}});
 *       a path that matches no template counts as route {@code other}.
 * </ul>
 *
 * Thread-safe. An engine report takes no lock and, once its label set has been seen, allocates
 * nothing but its latency's {@link Duration}.
 */
public final class AgentMetrics implements EngineMetrics, MetricsEndpoint {
  /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** The route templates of the agent's API, as {@link #AgentMetrics()} labels requests. */
  public static final List<String> ROUTES =
      List.of(
          "/api/v1/health",
          "/api/v1/commands",
          "/api/v1/commands/{id}",
          "/api/v1/commands/{id}/events",
          "/api/v1/commands/{id}/cancel",
          "/api/v1/resources",
          "/api/v1/resources/extract",
          "/api/v1/stacks",
          "/api/v1/targets",
          "/api/v1/stats",
          "/api/v1/metrics",
          "/api/v1/openapi.yaml");

  /** The route label of a path that matches no template. */
  public static final String OTHER_ROUTE = "other";

  // Bucket bounds span what each measures: cloud calls from a simulator's millisecond to a slow
  // provider's minutes; a journal write from a SQLite group commit to a struggling database.
  private static final Duration[] PLUGIN_BUCKETS =
      millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 120_000);
  private static final Duration[] PERSIST_BUCKETS =
      millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 5_000);
  private static final Duration[] HTTP_BUCKETS =
      millis(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

  private static final PluginOperation[] PLUGIN_OPS = PluginOperation.values();
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final Operation[] OPERATIONS = Operation.values();
  private static final UpdateState[] UPDATE_STATES = UpdateState.values();

  private final PrometheusMeterRegistry registry;
  private final List<Template> templates;
  private final Map<String, AtomicReferenceArray<Timer>> pluginCalls = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<Counter> updates =
      new AtomicReferenceArray<>(OPERATIONS.length * UPDATE_STATES.length);
  private final Map<HttpKey, Timer> httpRequests = new ConcurrentHashMap<>();
  private final Timer persist;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, CommandState> liveCommands = new ConcurrentHashMap<>();
  private final Map<CommandState, LongAdder> endedCommands = new EnumMap<>(CommandState.class);

  /** Metrics in a registry of their own, labelling HTTP requests by {@link #ROUTES}. */
  public AgentMetrics() {
    this(ROUTES);
  }

  /**
   * Metrics in a registry of their own, labelling HTTP requests by {@code routeTemplates}: paths
   * whose {@code {name}} segments match any one segment.
   */
  public AgentMetrics(Collection<String> routeTemplates) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<Template> parsed = new ArrayList<>();
    for (String t : routeTemplates) {
      parsed.add(Template.of(t));
    }
    // A literal segment beats a placeholder: /resources/extract before /resources/{id}.
    parsed.sort(Comparator.comparingInt(Template::placeholders));
    this.templates = List.copyOf(parsed);
    this.persist =
        Timer.builder("forja.persist")
            .description("Journal latency of a command event, from persist to written")
            .serviceLevelObjectives(PERSIST_BUCKETS)
            .register(registry);
    Gauge.builder("forja.updates.in.flight", inFlight, AtomicInteger::get)
        .description("Resource updates running now")
        .register(registry);
    for (CommandState state : CommandState.values()) {
      if (state.isFinal()) {
        endedCommands.put(state, new LongAdder());
      }
      Gauge.builder("forja.commands", this, m -> m.commandsIn(state))
          .description(
              "Commands by state: now for NotStarted, InProgress and Canceling; ended since the"
                  + " agent started for Success, Failed and Canceled")
          .tag("state", state.wire())
          .register(registry);
    }
  }

  /** The registry, for more meters (JVM, process) to be bound to it. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Records one HTTP request.
   *
   * @param method the request's method, such as {@code GET}
   * @param routeTemplate the route it matched, such as {@code /api/v1/commands/{id}} (see {@link
   *     #routeOf})
   * @param status the response's status code
   * @param latency from the request to the start of its response
   */
  public void httpRequest(String method, String routeTemplate, int status, Duration latency) {
    HttpKey key = new HttpKey(method, routeTemplate, status);
    Timer timer = httpRequests.get(key);
    if (timer == null) {
      timer =
          httpRequests.computeIfAbsent(
              key,
              k ->
                  Timer.builder("forja.http.server.requests")
                      .description("HTTP requests to the agent, to the start of their response")
                      .tags(
                          "method",
                          k.method(),
                          "route",
                          k.route(),
                          "status",
                          Integer.toString(k.status()))
                      .serviceLevelObjectives(HTTP_BUCKETS)
                      .register(registry));
    }
    timer.record(latency);
  }

  /**
   * The template of {@link #ROUTES} (or the constructor's) that {@code path} matches, else other.
   */
  public String routeOf(String path) {
    String[] segments = Template.segments(path);
    for (Template t : templates) {
      if (t.matches(segments)) {
        return t.text();
      }
    }
    return OTHER_ROUTE;
  }

  /**
   * {@code route}, with each request recorded by {@link #httpRequest}: method, {@link #routeOf
   * route template}, status and latency to the start of the response (a stream such as the progress
   * events counts until its headers). Make it the outermost route, the one given to {@code bind}:
   * it seals {@code route} with Pekko's default handlers for any rejection or exception the route
   * leaves unhandled, as binding it would, so every request is recorded with the status its client
   * sees.
   */
  public Route timed(Route route) {
    Route sealed = route.seal();
    return extractRequest(
        request -> {
          long start = System.nanoTime();
          String method = request.method().value();
          String template = routeOf(request.getUri().path());
          return mapResponse(
              response -> {
                httpRequest(
                    method,
                    template,
                    response.status().intValue(),
                    Duration.ofNanos(System.nanoTime() - start));
                return response;
              },
              () -> sealed);
        });
  }

  // Ordinals index this instance's meter arrays only, never anything stored: lookups allocate none.
  @SuppressWarnings("EnumOrdinal")
  @Override
  public void pluginCall(
      String namespace, String type, PluginOperation op, Duration latency, Outcome outcome) {
    // The resource type is left out of the labels: hundreds of AWS types would multiply the series.
    AtomicReferenceArray<Timer> timers = pluginCalls.get(namespace);
    if (timers == null) {
      timers =
          pluginCalls.computeIfAbsent(
              namespace, n -> new AtomicReferenceArray<>(PLUGIN_OPS.length * OUTCOMES.length));
    }
    int i = op.ordinal() * OUTCOMES.length + outcome.ordinal();
    Timer timer = timers.get(i);
    if (timer == null) {
      // Registering the same name and tags again returns the same timer: a race is harmless.
      timer =
          Timer.builder("forja.plugin.call")
              .description("Plugin requests, status polls included, by how they ended")
              .tags(
                  "namespace",
                  namespace,
                  "operation",
                  op.name().toLowerCase(Locale.ROOT),
                  "outcome",
                  outcome.wire())
              .serviceLevelObjectives(PLUGIN_BUCKETS)
              .register(registry);
      timers.set(i, timer);
    }
    timer.record(latency);
  }

  @Override
  public void persisted(Duration latency) {
    persist.record(latency);
  }

  @Override
  public void updateStarted(Operation op) {
    inFlight.incrementAndGet();
  }

  @SuppressWarnings("EnumOrdinal") // as in pluginCall
  @Override
  public void updateEnded(Operation op, UpdateState finalState) {
    inFlight.decrementAndGet();
    if (finalState == null) {
      return; // stopped without an end: it resumes, and ends, at the next start
    }
    int i = op.ordinal() * UPDATE_STATES.length + finalState.ordinal();
    Counter counter = updates.get(i);
    if (counter == null) {
      counter =
          Counter.builder("forja.updates")
              .description("Resource update nodes ended, by operation and final state")
              .tags("operation", op.wire(), "state", finalState.wire())
              .register(registry);
      updates.set(i, counter);
    }
    counter.increment();
  }

  @Override
  public void commandState(String commandId, CommandState state) {
    if (state.isFinal()) {
      liveCommands.remove(commandId);
      endedCommands.get(state).increment();
    } else {
      liveCommands.put(commandId, state);
    }
  }

  private double commandsIn(CommandState state) {
    LongAdder ended = endedCommands.get(state);
    if (ended != null) {
      return ended.sum();
    }
    long n = 0;
    for (CommandState s : liveCommands.values()) {
      if (s == state) {
        n++;
      }
    }
    return n;
  }

  private static Duration[] millis(long... bounds) {
    Duration[] out = new Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      out[i] = Duration.ofMillis(bounds[i]);
    }
    return out;
  }

  private record HttpKey(String method, String route, int status) {
    HttpKey {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(route, "route");
    }
  }

  /** A route template split into segments; {@code {name}} matches any one segment. */
  private record Template(String text, List<String> parts, int placeholders) {
    static Template of(String text) {
      List<String> parts = List.of(segments(text));
      int placeholders = 0;
      for (String p : parts) {
        if (isPlaceholder(p)) {
          placeholders++;
        }
      }
      return new Template(text, parts, placeholders);
    }

    static String[] segments(String path) {
      String trimmed = path.startsWith("/") ? path.substring(1) : path;
      if (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      return trimmed.split("/", -1);
    }

    static boolean isPlaceholder(String part) {
      return part.length() > 2 && part.startsWith("{") && part.endsWith("}");
    }

    boolean matches(String[] segments) {
      if (segments.length != parts.size()) {
        return false;
      }
      for (int i = 0; i < segments.length; i++) {
        String p = parts.get(i);
        if (isPlaceholder(p) ? segments[i].isEmpty() : !p.equals(segments[i])) {
          return false;
        }
      }
      return true;
    }
  }
}
