package dev.forja.engine.plugin;

import dev.forja.engine.schema.ResourceTypeSchema;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A plugin that manages the resources of one target namespace ({@code AWS}, {@code SIM}). Found
 * with {@link java.util.ServiceLoader}; see {@link PluginRegistry}.
 *
 * <p>Calls may answer at once or later; a mutation that takes time answers {@link
 * OperationStatus#IN_PROGRESS} with a request token, and the engine polls {@link #status}. A plugin
 * whose calls block the calling thread says so with {@link #blocking()}, and the engine then calls
 * it only from a dispatcher set aside for blocking work.
 */
public interface ResourcePlugin {

  /** The target namespace this plugin serves, upper-case. */
  String namespace();

  /** The resource types it owns, with their schemas. */
  List<ResourceTypeSchema> resourceTypes();

  /** Whether its calls block the calling thread. */
  default boolean blocking() {
    return true;
  }

  /** Requests per second this plugin allows per target, unless the settings say otherwise. */
  default double defaultRateLimit() {
    return 10.0;
  }

  /** Create a resource. */
  CompletionStage<ProgressResult> create(PluginRequests.Create request);

  /** Read a resource; {@code NotFound} when it is gone. */
  CompletionStage<ProgressResult> read(PluginRequests.Read request);

  /** Update a resource in place. */
  CompletionStage<ProgressResult> update(PluginRequests.Update request);

  /** Delete a resource; success when it is already gone. */
  CompletionStage<ProgressResult> delete(PluginRequests.Delete request);

  /**
   * Poll an operation that answered in progress. FAILED means the operation failed. A poll that
   * itself fails for a transient reason (throttled, a 5xx, a lost connection) must answer
   * IN_PROGRESS with the same request token: the operation may still be running, and the engine
   * retries a FAILED retryable create with a new attempt.
   */
  CompletionStage<ProgressResult> status(PluginRequests.Status request);

  /** List the native ids of one type. */
  CompletionStage<ListResult> list(PluginRequests.ListPage request);
}
