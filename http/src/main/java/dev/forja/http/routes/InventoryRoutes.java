package dev.forja.http.routes;

import dev.forja.actors.ForjaEngine;
import dev.forja.engine.model.InventoryResource;
import dev.forja.http.dto.StackInfo;
import dev.forja.http.dto.TargetInfo;
import dev.forja.http.internal.Responses;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /stacks} and {@code GET /targets}. */
public final class InventoryRoutes extends AllDirectives {
  private final ForjaEngine engine;

  public InventoryRoutes(ForjaEngine engine) {
    this.engine = engine;
  }

  /** Both routes. */
  public Route route() {
    return concat(
        path(
            "stacks",
            () ->
                get(
                    () ->
                        completeWithFuture(
                            engine
                                .inventory("")
                                .thenApply(all -> Responses.json(StatusCodes.OK, stacks(all)))))),
        path(
            "targets",
            () ->
                get(
                    () ->
                        completeWithFuture(
                            engine
                                .targets()
                                .thenApply(
                                    ts ->
                                        Responses.json(
                                            StatusCodes.OK,
                                            ts.stream().map(TargetInfo::of).toList()))))));
  }

  /** Each stack with its resource counts, by label. */
  static List<StackInfo> stacks(List<InventoryResource> all) {
    Map<String, int[]> counts = new TreeMap<>();
    for (InventoryResource r : all) {
      int[] c = counts.computeIfAbsent(r.stack(), s -> new int[2]);
      c[0]++;
      c[1] += r.managed() ? 1 : 0;
    }
    return counts.entrySet().stream()
        .map(e -> new StackInfo(e.getKey(), e.getValue()[0], e.getValue()[1]))
        .toList();
  }
}
