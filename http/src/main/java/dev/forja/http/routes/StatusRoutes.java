package dev.forja.http.routes;

import dev.forja.actors.ForjaEngine;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.http.dto.Health;
import dev.forja.http.dto.Stats;
import dev.forja.http.internal.Responses;
import dev.forja.http.metrics.MetricsEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /health}, {@code GET /stats} and {@code GET /metrics}. */
public final class StatusRoutes extends AllDirectives {
  /** How long health waits on the store before calling it down. */
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(5);

  private static final ContentType PROMETHEUS =
      ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");

  private final ForjaEngine engine;
  private final MetricsEndpoint metrics;

  public StatusRoutes(ForjaEngine engine, MetricsEndpoint metrics) {
    this.engine = engine;
    this.metrics = metrics;
  }

  /** {@code GET /health}: 200 once the engine answers and its store reads; else 503. */
  public Route health() {
    return path("health", () -> get(() -> completeWithFuture(healthReply())));
  }

  /** {@code GET /stats} and {@code GET /metrics}. */
  public Route route() {
    return concat(
        path("stats", () -> get(() -> completeWithFuture(stats()))),
        path("metrics", () -> get(() -> complete(scrape()))));
  }

  private CompletionStage<HttpResponse> healthReply() {
    return engine
        .targets()
        .toCompletableFuture()
        .orTimeout(HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (targets, failure) ->
                failure == null
                    ? Responses.json(
                        StatusCodes.OK, new Health("UP", engine.storeKind(), uptimeSeconds()))
                    : Responses.unavailable("the store does not answer: " + rootCause(failure)));
  }

  private CompletionStage<HttpResponse> stats() {
    CompletionStage<List<InventoryResource>> all = engine.inventory("");
    return all.thenCombine(
        engine.targets(),
        (resources, targets) -> {
          int managed = (int) resources.stream().filter(InventoryResource::managed).count();
          int stacks = (int) resources.stream().map(InventoryResource::stack).distinct().count();
          return Responses.json(
              StatusCodes.OK,
              new Stats(
                  new Stats.ResourceCounts(resources.size(), managed, resources.size() - managed),
                  stacks,
                  targets.size(),
                  plugins(engine.plugins()),
                  engine.storeKind(),
                  engine.startedAt().toString(),
                  uptimeSeconds()));
        });
  }

  private static List<Stats.PluginInfo> plugins(PluginRegistry registry) {
    return registry.namespaces().stream()
        .map(
            ns ->
                new Stats.PluginInfo(
                    ns,
                    registry.forNamespace(ns).orElseThrow().resourceTypes().stream()
                        .map(ResourceTypeSchema::type)
                        .sorted()
                        .toList()))
        .toList();
  }

  private HttpResponse scrape() {
    return HttpResponse.create()
        .withStatus(StatusCodes.OK)
        .withEntity(
            HttpEntities.create(PROMETHEUS, metrics.scrape().getBytes(StandardCharsets.UTF_8)));
  }

  private long uptimeSeconds() {
    return Duration.between(engine.startedAt(), Instant.now()).toSeconds();
  }

  private static String rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.toString();
  }
}
