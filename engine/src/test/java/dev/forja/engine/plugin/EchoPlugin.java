package dev.forja.engine.plugin;

import dev.forja.engine.schema.ResourceTypeSchema;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A plugin found through ServiceLoader in the tests: answers every call at once. */
public class EchoPlugin implements ResourcePlugin {

  @Override
  public String namespace() {
    return "ECHO";
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return List.of(ResourceTypeSchema.unknown("Echo::Thing"));
  }

  @Override
  public CompletionStage<ProgressResult> create(PluginRequests.Create r) {
    return CompletableFuture.completedFuture(
        ProgressResult.success(PluginOperation.CREATE, "echo-" + r.label(), r.properties()));
  }

  @Override
  public CompletionStage<ProgressResult> read(PluginRequests.Read r) {
    return CompletableFuture.completedFuture(
        ProgressResult.failure(
            PluginOperation.READ, ErrorCodes.NOT_FOUND, r.nativeId() + " is gone"));
  }

  @Override
  public CompletionStage<ProgressResult> update(PluginRequests.Update r) {
    return CompletableFuture.completedFuture(
        ProgressResult.success(PluginOperation.UPDATE, r.nativeId(), r.desiredProperties()));
  }

  @Override
  public CompletionStage<ProgressResult> delete(PluginRequests.Delete r) {
    return CompletableFuture.completedFuture(
        ProgressResult.success(PluginOperation.DELETE, r.nativeId(), null));
  }

  @Override
  public CompletionStage<ProgressResult> status(PluginRequests.Status r) {
    return CompletableFuture.completedFuture(
        ProgressResult.failure(PluginOperation.STATUS, ErrorCodes.NOT_FOUND, "no such request"));
  }

  @Override
  public CompletionStage<ListResult> list(PluginRequests.ListPage r) {
    return CompletableFuture.completedFuture(new ListResult(List.of(), null));
  }
}
