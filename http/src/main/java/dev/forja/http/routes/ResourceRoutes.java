package dev.forja.http.routes;

import dev.forja.actors.ForjaEngine;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Target;
import dev.forja.http.dto.InventoryItem;
import dev.forja.http.internal.FormaExtract;
import dev.forja.http.internal.Responses;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /resources?query=} (the inventory, opaque values redacted) and {@code GET
 * /resources/extract?query=} (the same resources as a forma). An invalid query is 400.
 */
public final class ResourceRoutes extends AllDirectives {
  private final ForjaEngine engine;

  public ResourceRoutes(ForjaEngine engine) {
    this.engine = engine;
  }

  /** Both routes. */
  public Route route() {
    return pathPrefix(
        "resources",
        () ->
            concat(
                pathEnd(
                    () -> get(() -> parameterOptional("query", q -> completeWithFuture(list(q))))),
                path(
                    "extract",
                    () ->
                        get(
                            () ->
                                parameterOptional("query", q -> completeWithFuture(extract(q)))))));
  }

  private CompletionStage<HttpResponse> list(Optional<String> query) {
    return engine
        .inventory(query.orElse(""))
        .thenApply(
            rs -> Responses.json(StatusCodes.OK, rs.stream().map(InventoryItem::of).toList()));
  }

  private CompletionStage<HttpResponse> extract(Optional<String> query) {
    String q = query.orElse("");
    CompletionStage<List<InventoryResource>> matched = engine.inventory(q);
    // Producers of references may lie outside the match: the extract names them by label.
    CompletionStage<List<InventoryResource>> all = engine.inventory("");
    CompletionStage<List<Target>> targets = engine.targets();
    return matched.thenCompose(
        m ->
            all.thenCombine(
                targets, (a, t) -> Responses.json(StatusCodes.OK, FormaExtract.of(m, a, t, q))));
  }
}
